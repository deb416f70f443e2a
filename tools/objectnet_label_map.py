#!/usr/bin/python3
"""Writes the ObjectNet label map for a project: {"objectnet folder": [ImageNet head index, ...], ...}.

It composes ObjectNet's own mapping files (the `mappings/` folder of the ObjectNet 1.0 download, also shipped as
wise-ft's src/datasets/objectnet_metadata) exactly as wise-ft's get_metadata() does:
  folder_to_objectnet_label.json   folder -> ObjectNet class name
  objectnet_to_imagenet_1k.json    ObjectNet class name -> "ImageNet name; ImageNet name; ..." (113 classes)
  pytorch_to_imagenet_2012_id.json PyTorch index -> ImageNet 2012 id
  imagenet_to_label_2012_v2        line i: the ImageNet name of 2012 id i
The head indices are in the standard (PyTorch / sorted-wnid) ImageNet order, which is the order of the template
project's classes.txt and of the zero-shot head. Use the output with
    "labelMap": "objectnet_map.json", "protocol": "objectnet"

    /usr/bin/python3 tools/objectnet_label_map.py objectnet-1.0/mappings objectnet_map.json
"""
import json
import os
import sys


def label_map(mappings):
    with open(os.path.join(mappings, "folder_to_objectnet_label.json")) as f:
        folder_map = {v: k for k, v in json.load(f).items()}
    with open(os.path.join(mappings, "objectnet_to_imagenet_1k.json")) as f:
        objectnet_map = json.load(f)
    with open(os.path.join(mappings, "pytorch_to_imagenet_2012_id.json")) as f:
        pytorch_map = {v: k for k, v in json.load(f).items()}
    with open(os.path.join(mappings, "imagenet_to_label_2012_v2")) as f:
        imagenet_map = {v.strip(): str(pytorch_map[i]) for i, v in enumerate(f)}
    folder_to_ids = {}
    for objectnet_name, imagenet_names in objectnet_map.items():
        ids = [int(imagenet_map[name]) for name in imagenet_names.split("; ")]
        folder_to_ids[folder_map[objectnet_name]] = ids
    return dict(sorted(folder_to_ids.items()))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: objectnet_label_map.py MAPPINGS_DIR OUT.json")
    m = label_map(sys.argv[1])
    with open(sys.argv[2], "w") as f:
        json.dump(m, f, indent=1)
        f.write("\n")
    print(f"{len(m)} ObjectNet classes over {sum(len(v) for v in m.values())} ImageNet classes -> {sys.argv[2]}")


if __name__ == "__main__":
    main()

package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.util.FileAccessPolicy;
import org.rftworkbench.core.util.Progress;

/** ImageNetV2 folder indices, general label maps and ObjectNet folder mapping on generated ImageFolder trees. */
class FolderLabelingTest {
    private static final List<String> HEAD = IntStream.range(0, 12).mapToObj(i -> "class" + i).toList();

    @TempDir
    Path dir;

    /** Writes {@code n} small PNGs into root/folder, each with a distinct first pixel (folder hash + index). */
    private static void folder(Path root, String folder, int n) throws Exception {
        Path d = Files.createDirectories(root.resolve(folder));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(9, 8, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, (folder.hashCode() & 0xFFFF) << 8 | i);
            ImageIO.write(img, "png", d.resolve("img" + i + ".png").toFile());
        }
    }

    private static List<String> foldersInOrder(ImageFolderSource s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.file(i).getParent().getFileName() + "/" + s.file(i).getFileName());
        }
        return out;
    }

    private static Map<String, List<String>> map(String... folderThenClasses) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < folderThenClasses.length; i += 2) {
            m.put(folderThenClasses[i], List.of(folderThenClasses[i + 1].split(",")));
        }
        return m;
    }

    @Test
    void imageNetV2FoldersAreHeadIndicesSortedNumerically() throws Exception {
        Path root = dir.resolve("v2");
        folder(root, "10", 2); // lexically before "2", numerically after it
        folder(root, "2", 1);
        folder(root, "0", 1);
        ImageFolderSource s = ImageFolderSource.open(root, "v2", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.byHeadIndex(HEAD));
        assertEquals(List.of("class0", "class2", "class10"), s.classNames());
        assertEquals(List.of("0/img0.png", "2/img0.png", "10/img0.png", "10/img1.png"), foldersInOrder(s));
        assertArrayEquals(new int[] {0, 1, 2, 2}, IntStream.range(0, 4).map(s::label).toArray());
        ClassMapping m = ClassMapping.between(s.classNames(), HEAD, "v2");
        assertArrayEquals(new int[] {0, 2, 10}, m.headIndexOfDatasetClass());
    }

    @Test
    void imageNetV2WithEveryHeadFolderIsTheIdentity() throws Exception {
        Path root = dir.resolve("v2full");
        List<String> head = IntStream.range(0, 11).mapToObj(i -> "c" + i).toList();
        for (int k = 0; k < 11; k++) {
            folder(root, Integer.toString(k), 1);
        }
        ImageFolderSource s = ImageFolderSource.open(root, "v2", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.byHeadIndex(head));
        assertEquals(head, s.classNames());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(Integer.parseInt(s.file(i).getParent().getFileName().toString()), s.label(i));
        }
        assertTrue(ClassMapping.between(s.classNames(), head, "v2").isIdentity());
    }

    @Test
    void imageNetV2RefusesFoldersThatAreNotHeadIndices() throws Exception {
        Path root = dir.resolve("bad");
        folder(root, "3", 1);
        folder(root, "n01440764", 1);
        DataException e = assertThrows(DataException.class, () -> ImageFolderSource.open(root, "v2",
                FileAccessPolicy.ALLOW_ALL, FolderLabeling.byHeadIndex(HEAD)));
        assertTrue(e.getMessage().contains("'n01440764' is not a head class index 0..11"), e.getMessage());
        assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Path big = dir.resolve("big");
        folder(big, "12", 1);
        assertThrows(DataException.class, () -> ImageFolderSource.open(big, "v2", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.byHeadIndex(HEAD)));
    }

    @Test
    void labelMapIsManyToOneByNameOrIndexAndSkipsUnmappedFolders() throws Exception {
        Path root = dir.resolve("lm");
        folder(root, "n02", 2);
        folder(root, "n01", 1);
        folder(root, "n03", 1);
        folder(root, "junk", 3);
        folder(root, "extra", 1);
        FolderLabeling labeling = FolderLabeling.labelMap(
                map("n01", "class7", "n02", "5", "n03", "class7", "n99", "class1"), HEAD, "map.json");
        ImageFolderSource s = ImageFolderSource.open(root, "lm", FileAccessPolicy.ALLOW_ALL, labeling);
        // dataset classes are the head classes used, in head order; n01 and n03 share class7
        assertEquals(List.of("class5", "class7"), s.classNames());
        assertEquals(List.of("n02/img0.png", "n02/img1.png", "n01/img0.png", "n03/img0.png"), foldersInOrder(s));
        assertArrayEquals(new int[] {0, 0, 1, 1}, IntStream.range(0, 4).map(s::label).toArray());
        assertEquals(List.of("extra", "junk"), s.skippedFolders());
        assertEquals(List.of("n99"), s.missingFolders());
        assertTrue(s.labeling().headGroups() == null);
        assertEquals(0, s.labeling().borderCrop());
        assertArrayEquals(new int[] {5, 7},
                ClassMapping.between(s.classNames(), HEAD, "lm").headIndexOfDatasetClass());
    }

    @Test
    void labelMapErrorsAreOneLineNamingTheMap() {
        DataException unknown = assertThrows(DataException.class,
                () -> FolderLabeling.labelMap(map("a", "zebra"), HEAD, "labels.json"));
        assertEquals("labels.json: folder 'a' maps to 'zebra', which is neither a head class name nor a class index",
                unknown.getMessage());
        DataException range = assertThrows(DataException.class,
                () -> FolderLabeling.labelMap(map("a", "12"), HEAD, "labels.json"));
        assertTrue(range.getMessage().contains("head class index 12, but the head has 12 classes"),
                range.getMessage());
        DataException several = assertThrows(DataException.class,
                () -> FolderLabeling.labelMap(map("a", "class1,class2"), HEAD, "labels.json"));
        assertTrue(several.getMessage().contains("protocol objectnet"), several.getMessage());
    }

    @Test
    void noMappedFolderOnDiskIsAnError() throws Exception {
        Path root = dir.resolve("none");
        folder(root, "x", 1);
        DataException e = assertThrows(DataException.class, () -> ImageFolderSource.open(root, "n",
                FileAccessPolicy.ALLOW_ALL, FolderLabeling.labelMap(map("y", "class1"), HEAD, "m")));
        assertTrue(e.getMessage().contains("none of the 1 class folders is in the label map"), e.getMessage());
    }

    @Test
    void objectNetClassesAreTheSortedMappedFoldersWithHeadGroupsAndACrop() throws Exception {
        Path root = dir.resolve("on");
        folder(root, "chair", 1);
        folder(root, "alarm_clock", 2);
        folder(root, "unmapped", 1);
        FolderLabeling labeling = FolderLabeling.objectNet(
                map("chair", "class7,class0,3", "alarm_clock", "class1,class4", "mug", "class2"), HEAD, "on.json");
        ImageFolderSource s = ImageFolderSource.open(root, "on", FileAccessPolicy.ALLOW_ALL, labeling);
        // wise-ft: label = index of the folder among the sorted mapping keys (missing folders keep their slot)
        assertEquals(List.of("alarm_clock", "chair", "mug"), s.classNames());
        assertArrayEquals(new int[] {0, 0, 1}, IntStream.range(0, 3).map(s::label).toArray());
        assertEquals(List.of("unmapped"), s.skippedFolders());
        assertEquals(List.of("mug"), s.missingFolders());
        assertArrayEquals(new int[][] {{1, 4}, {7, 0, 3}, {2}}, labeling.headGroups());
        assertEquals(2, labeling.borderCrop());
        DecodedImage cropped = s.read(0);
        assertEquals(5, cropped.width());
        assertEquals(4, cropped.height());
    }

    @Test
    void fingerprintCoversTheMappingAndTheCrop() throws Exception {
        Path root = dir.resolve("fp");
        folder(root, "a", 1);
        folder(root, "b", 1);
        String plain = ImageFolderSource.open(root, "fp").contentFingerprint();
        String groupsA = ImageFolderSource.open(root, "fp", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.objectNet(map("a", "class1", "b", "class2"), HEAD, "m")).contentFingerprint();
        // same folders, same labels and class names: only the head groups differ
        String groupsB = ImageFolderSource.open(root, "fp", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.objectNet(map("a", "class1,class3", "b", "class2"), HEAD, "m")).contentFingerprint();
        assertNotEquals(groupsA, groupsB);
        assertNotEquals(plain, groupsA);
        // a label map onto head classes named like the folders: same class names and labels, no crop
        List<String> head = List.of("a", "b");
        String identityMap = ImageFolderSource.open(root, "fp", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.labelMap(map("a", "a", "b", "b"), head, "m")).contentFingerprint();
        String objectNet = ImageFolderSource.open(root, "fp", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.objectNet(map("a", "a", "b", "b"), head, "m")).contentFingerprint();
        assertNotEquals(identityMap, objectNet, "the border crop changes the pixels");
        assertNull(FolderLabeling.byName().headGroups());
    }

    @Test
    void tensorCacheKeysFollowTheMappingAndTheCrop() throws Exception {
        Path root = dir.resolve("tc");
        folder(root, "a", 2);
        folder(root, "b", 1);
        TensorCache cache = new TensorCache(dir.resolve("cache"));
        List<String> head = List.of("a", "b", "c");
        PreprocessConfig config = PreprocessConfig.clip(8);
        PreparedDataset named = cache.prepare(ImageFolderSource.open(root, "tc", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.labelMap(map("a", "a", "b", "b"), head, "m")), config, Progress.NONE);
        PreparedDataset groupsA = cache.prepare(ImageFolderSource.open(root, "tc", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.objectNet(map("a", "a", "b", "b"), head, "m")), config, Progress.NONE);
        PreparedDataset groupsB = cache.prepare(ImageFolderSource.open(root, "tc", FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.objectNet(map("a", "a,c", "b", "b"), head, "m")), config, Progress.NONE);
        assertEquals(named.classNames(), groupsA.classNames());
        assertArrayEquals(named.labels(), groupsA.labels());
        assertNotEquals(named.contentKey(), groupsA.contentKey());
        assertNotEquals(groupsA.contentKey(), groupsB.contentKey(), "the head groups decide the projected logits");
        float[] plain = new float[named.size() * named.floatsPerImage()];
        float[] cropped = new float[plain.length];
        named.readNormalized(0, named.size(), plain);
        groupsA.readNormalized(0, groupsA.size(), cropped);
        assertNotEquals(java.util.Arrays.toString(plain), java.util.Arrays.toString(cropped),
                "the crop changes the prepared pixels");
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(3, files.filter(f -> f.toString().endsWith(".rftc")).count());
        }
    }

    @Test
    void cropIsTooSmallForTinyImages() throws Exception {
        DecodedImage tiny = new DecodedImage(4, 9, 1, new byte[36]);
        DataException e = assertThrows(DataException.class,
                () -> ImageFolderSource.cropBorder(tiny, 2, Path.of("x.png")));
        assertEquals("x.png: image of 4x9 is too small for the 2-pixel border crop", e.getMessage());
    }
}

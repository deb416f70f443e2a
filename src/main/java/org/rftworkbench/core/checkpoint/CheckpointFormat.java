package org.rftworkbench.core.checkpoint;

/** Container formats recognised by content sniffing (never by file extension). */
public enum CheckpointFormat {
    /** safetensors: u64-LE header length, JSON header, raw little-endian tensor bytes. */
    SAFETENSORS,
    /** {@code torch.save(state_dict)} zip archive (data.pkl + data/N storages), read weights-only. */
    PYTORCH_ZIP,
    /** {@code torch.jit.save} archive (code/, constants.pkl, data.pkl); parameters listed through DJL. */
    TORCHSCRIPT
}

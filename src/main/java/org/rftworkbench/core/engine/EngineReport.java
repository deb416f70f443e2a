package org.rftworkbench.core.engine;

import java.util.List;

/**
 * What the deep-learning engine says about itself, for Help &gt; Engine, {@code rft-workbench engine} and bug reports:
 * above all where the native library came from, which is what goes wrong when a GPU build is opted into.
 *
 * @param engine              engine name, e.g. "PyTorch"
 * @param engineVersion       native library version, e.g. "2.7.1"
 * @param djlVersion          DJL version, e.g. "0.36.0"
 * @param flavor              native build flavour, e.g. "cpu" or "cu128"
 * @param devices             devices DJL can compute on, e.g. ["cpu()"] or ["gpu(0)", "gpu(1)"]
 * @param cudaVersion         CUDA runtime version DJL sees (e.g. "12.8"), or null when there is none
 * @param nativeLibraryDir    absolute folder the libtorch libraries were loaded from
 * @param nativeLibrarySource how that folder was chosen (see {@link NativeLibrarySource})
 * @param offline             whether DJL is in offline mode (it must be: nothing is ever downloaded)
 * @param engineCacheDir      DJL's cache folder, where the bundled library and the JNI glue are extracted
 */
public record EngineReport(String engine, String engineVersion, String djlVersion, String flavor,
        List<String> devices, String cudaVersion, String nativeLibraryDir, NativeLibrarySource nativeLibrarySource,
        boolean offline, String engineCacheDir) {

    /** Where the native library was found, in DJL's search order. */
    public enum NativeLibrarySource {
        /** The {@code PYTORCH_LIBRARY_PATH} environment variable (the GPU opt-in). */
        PYTORCH_LIBRARY_PATH("PYTORCH_LIBRARY_PATH override"),
        /** A folder on {@code java.library.path} that holds libtorch. */
        JAVA_LIBRARY_PATH("java.library.path override"),
        /** The native jar on the class path (the CPU build bundled with the app), extracted into the cache. */
        BUNDLED_JAR("bundled native jar, extracted to the engine cache"),
        /** None of the above: DJL would have downloaded it (never in offline mode). */
        OTHER("not bundled (downloaded or copied into the engine cache)");

        private final String label;

        NativeLibrarySource(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public EngineReport {
        devices = List.copyOf(devices);
    }

    /** "PyTorch 2.7.1 (DJL 0.36.0)", the short form the status bar shows. */
    public String headline() {
        return engine + " " + engineVersion + " (DJL " + djlVersion + ")";
    }

    /** One "Key: value" line per fact, in the order a reader needs them. */
    public List<String> lines() {
        return List.of(
                "Engine: " + headline(),
                "Flavour: " + flavor,
                "Devices: " + String.join(", ", devices),
                "CUDA: " + (cudaVersion == null ? "none" : cudaVersion),
                "Native library: " + nativeLibraryDir,
                "Loaded from: " + nativeLibrarySource.label(),
                "Offline: " + offline,
                "Engine cache: " + engineCacheDir);
    }
}

package org.rftworkbench.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.engine.EngineReport.NativeLibrarySource;

/**
 * The one place that decides the deep-learning engine, its offline mode, its native-library cache and the compute
 * device. Everything else asks here instead of calling {@code Engine.getInstance()} with its own assumptions.
 *
 * <p>DJL is always kept offline: the libtorch CPU library ships as a Maven jar and is extracted into a
 * user-writable cache, never downloaded. Thread-safe.
 */
public final class Engines {
    public static final String ENGINE_NAME = "PyTorch";

    private Engines() {
    }

    /** Returns the PyTorch engine, configuring offline mode and the cache folder before its first use. */
    public static synchronized Engine pytorch() {
        configureSystemProperties();
        return Engine.getEngine(ENGINE_NAME);
    }

    /** The device evaluation runs on: the first GPU when DJL sees one, otherwise the CPU. */
    public static Device defaultDevice() {
        Engine engine = pytorch();
        return engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
    }

    /** Every device usable for compute: all GPUs DJL sees, or the CPU alone. */
    public static List<Device> computeDevices() {
        Engine engine = pytorch();
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < engine.getGpuCount(); i++) {
            devices.add(Device.gpu(i));
        }
        if (devices.isEmpty()) {
            devices.add(Device.cpu());
        }
        return devices;
    }

    /** One line for logs and provenance, e.g. "PyTorch 2.7.1 (DJL 0.36.0) on [cpu()]". */
    public static String describe() {
        return describeEngine() + " on " + computeDevices();
    }

    /** Engine and versions without the devices, e.g. "PyTorch 2.7.1 (DJL 0.36.0)" (the status bar lists devices). */
    public static String describeEngine() {
        Engine engine = pytorch();
        return engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }

    /**
     * Everything worth knowing when the engine misbehaves: versions, flavour, devices, CUDA, and which native library
     * was loaded from where. Loads the engine if it is not loaded yet (seconds on the first call of a process).
     */
    public static EngineReport report() {
        Engine engine = pytorch();
        Path libraryDir = Paths.get(LibUtils.getLibtorchPath()).toAbsolutePath();
        NativeLibrarySource source = sourceOf(libraryDir, System.getenv("PYTORCH_LIBRARY_PATH"),
                System.getProperty("java.library.path"));
        String flavor = flavorOf(source, Platform.detectPlatform("pytorch").getFlavor(), pytorchFlavorSetting());
        String cuda = CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null;
        List<String> devices = computeDevices().stream().map(Device::toString).toList();
        return new EngineReport(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(), flavor, devices,
                cuda, libraryDir.toString(), source, Utils.isOfflineMode(),
                Utils.getEngineCacheDir().toAbsolutePath().toString());
    }

    /**
     * Which of DJL's search locations {@code libraryDir} is, checked in DJL's own order ({@code PYTORCH_LIBRARY_PATH},
     * then {@code java.library.path}, then the native jar extracted into the cache).
     */
    static NativeLibrarySource sourceOf(Path libraryDir, String pytorchLibraryPath, String javaLibraryPath) {
        if (isOnSearchPath(libraryDir, pytorchLibraryPath)) {
            return NativeLibrarySource.PYTORCH_LIBRARY_PATH;
        }
        if (isOnSearchPath(libraryDir, javaLibraryPath)) {
            return NativeLibrarySource.JAVA_LIBRARY_PATH;
        }
        return Platform.detectPlatform("pytorch").isPlaceholder()
                ? NativeLibrarySource.OTHER : NativeLibrarySource.BUNDLED_JAR;
    }

    /**
     * The flavour DJL assumed: for an override folder DJL cannot tell, so it takes {@code PYTORCH_FLAVOR} and
     * otherwise assumes "cpu-precxx11"; for the bundled jar it is the jar's own flavour.
     */
    static String flavorOf(NativeLibrarySource source, String bundledFlavor, String flavorSetting) {
        if (source == NativeLibrarySource.PYTORCH_LIBRARY_PATH || source == NativeLibrarySource.JAVA_LIBRARY_PATH) {
            return flavorSetting != null ? flavorSetting : "cpu-precxx11 (DJL's default; set PYTORCH_FLAVOR)";
        }
        return bundledFlavor;
    }

    private static String pytorchFlavorSetting() {
        String env = System.getenv("PYTORCH_FLAVOR");
        return env != null ? env : System.getProperty("PYTORCH_FLAVOR");
    }

    private static boolean isOnSearchPath(Path libraryDir, String searchPath) {
        if (searchPath == null || searchPath.isBlank()) {
            return false;
        }
        for (String entry : searchPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path candidate = Paths.get(entry).toAbsolutePath();
            // DJL accepts the folder or the libtorch file itself
            Path folder = Files.isRegularFile(candidate) ? candidate.getParent() : candidate;
            if (folder.normalize().equals(libraryDir.normalize())) {
                return true;
            }
        }
        return false;
    }

    private static void configureSystemProperties() {
        setIfAbsent("ai.djl.offline", "true");
        // DJL's own usage reporting must never phone home
        setIfAbsent("OPT_OUT_TRACKING", "true");
        Path cache = defaultCacheDir().resolve("djl");
        setIfAbsent("ENGINE_CACHE_DIR", cache.toString());
        setIfAbsent("DJL_CACHE_DIR", cache.toString());
    }

    /** Per-user cache folder: $XDG_CACHE_HOME/rft-workbench, else ~/.cache/rft-workbench. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("rft-workbench");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}

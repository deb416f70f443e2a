package org.rftworkbench.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

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

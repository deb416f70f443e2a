package org.rftworkbench.core.service;

import java.util.List;

/**
 * What the status bar shows about the compute backend.
 *
 * @param location "embedded" or the remote server's URL
 * @param engine   e.g. "PyTorch 2.7.1 (DJL 0.36.0)"
 * @param devices  e.g. ["cpu()"] or ["gpu(0)", "gpu(1)"]
 * @param precision "fp32", "bf16" or "fp16" (evaluation precision; interpolation is always fp32)
 */
public record ServiceInfo(String location, String engine, List<String> devices, String precision) {
}

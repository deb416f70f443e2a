package org.rftworkbench.ui.sparsity;

/**
 * One line of the failure-metrics table, formatted for display: a metric and its value on each path.
 *
 * @param metric  name with unit, e.g. "G_zs (pp)"
 * @param before  on the unchanged path
 * @param after   on the sparsified path
 * @param control on the control path ("" without a control)
 */
public record MetricRow(String metric, String before, String after, String control) {
}

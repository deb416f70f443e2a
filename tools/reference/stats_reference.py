"""Golden values for the Java correlation statistics (Kendall tau-b, Spearman, Pearson) computed with scipy.

Writes src/test/resources/golden/stats/correlations.json: fixed vectors (several with ties in x, y or both) and, for
each, scipy's statistic and two-sided p-value:
  * kendalltau(x, y, variant='b', method='asymptotic')  (normal approximation with the tie-corrected variance)
  * spearmanr(x, y)                                      (average ranks for ties; t-distribution with n-2 df)
  * pearsonr(x, y)                                       (exact beta distribution = t-distribution with n-2 df)

Run with Debian's interpreter: /usr/bin/python3 tools/reference/stats_reference.py   (needs apt python3-scipy)
The output is deterministic (seeded numpy generator, fixed formatting).
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "golden", "stats",
                   "correlations.json")


def cases():
    rng = np.random.default_rng(20241016)
    out = []
    out.append(("no ties, small", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2.0, 1.0, 4.0, 3.0, 6.0, 5.0]))
    out.append(("perfectly decreasing", [1.0, 2.0, 3.0, 4.0, 5.0], [9.0, 7.0, 5.0, 3.0, 1.0]))
    out.append(("ties in x", [1.0, 1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0], [3.0, 1.0, 4.0, 2.0, 6.0, 5.0, 8.0, 7.0]))
    out.append(("ties in y", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], [1.0, 2.0, 2.0, 2.0, 5.0, 3.0, 3.0]))
    out.append(("ties in both", [1, 2, 2, 3, 3, 3, 4, 5, 5, 6], [2, 2, 1, 3, 4, 4, 4, 6, 5, 5]))
    out.append(("joint ties", [1, 1, 2, 2, 3, 3, 4], [5, 5, 6, 6, 4, 4, 7]))
    # an alpha path: 11 points, accuracy-like y rounded to 1/1400 (ties), sharpness-like x
    alphas = np.linspace(0, 1, 11)
    acc = np.round((0.6 + 0.1 * np.sin(3 * alphas) + 0.01 * rng.standard_normal(11)) * 1400) / 1400
    acc[3] = acc[4]
    sharp = np.exp(2 * alphas) + 0.2 * rng.standard_normal(11)
    out.append(("alpha path 11 points", sharp.tolist(), acc.tolist()))
    x = rng.standard_normal(40)
    y = 0.3 * x + rng.standard_normal(40)
    out.append(("random n=40", x.tolist(), y.tolist()))
    xi = rng.integers(0, 6, 60).astype(float)
    yi = (xi + rng.integers(0, 4, 60)).astype(float)
    out.append(("integer grid n=60 heavy ties", xi.tolist(), yi.tolist()))
    return out


def main():
    rows = []
    for name, x, y in cases():
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        kt = stats.kendalltau(x, y, variant="b", method="asymptotic")
        sp = stats.spearmanr(x, y)
        pr = stats.pearsonr(x, y)
        rows.append({
            "name": name,
            "x": [float(v) for v in x],
            "y": [float(v) for v in y],
            "kendall_tau_b": float(kt.statistic), "kendall_p": float(kt.pvalue),
            "spearman": float(sp.statistic), "spearman_p": float(sp.pvalue),
            "pearson": float(pr.statistic), "pearson_p": float(pr.pvalue),
        })
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"generator": "tools/reference/stats_reference.py", "scipy": scipy.__version__, "cases": rows}, f,
                  indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT), len(rows), "cases")


if __name__ == "__main__":
    main()

package org.rftworkbench.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-made data for every chart type, with α and τ in labels so the export tests can follow non-ASCII text. */
final class SampleFigures {
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final double[] ALPHAS = {0.0, 0.25, 0.5, 0.75, 1.0};

    private SampleFigures() {
    }

    static Curve curve(String name, double... values) {
        return new Curve(name, ALPHAS, values);
    }

    static Figure build(String kind, FigureStyle style) {
        Curve id = curve("id", 0.60, 0.70, 0.80, 0.85, 0.90);
        Curve ood1 = curve("ood_1", 0.50, 0.58, 0.55, 0.45, 0.40);
        Curve ood2 = curve("ood_2", 0.40, 0.44, 0.42, 0.38, 0.30);
        Curve avg = curve("avg OOD", 0.45, 0.51, 0.485, 0.415, 0.35);
        return switch (kind) {
            case AccuracyVsAlphaFigure.NAME -> AccuracyVsAlphaFigure.build(
                    new AccuracyVsAlphaFigure.Data(List.of(id, ood1, ood2), avg, true, false), style);
            case RobustnessFigure.NAME -> RobustnessFigure.build(
                    new RobustnessFigure.Data("id", id, avg, "zero-shot", "fine-tuned"), style);
            case LayerHeatmapFigure.NAME -> LayerHeatmapFigure.build(new LayerHeatmapFigure.Data(
                    List.of("embeddings", "block 0", "block 1", "head"), ALPHAS,
                    new double[][] {{0, 1, 2, 1, 0}, {0, 2, 3, 2, 0}, {0, 4, Double.NaN, 3, 0}, {0, 1, 1, 1, 0}},
                    Set.of("block 1"), "instability (Δ top-1, %)", "Layer-wise instability"), style);
            case CorrelationFigure.NAME -> {
                List<CorrelationFigure.Point> points = new ArrayList<>();
                for (int i = 0; i < ALPHAS.length; i++) {
                    points.add(new CorrelationFigure.Point(ALPHAS[i], 0.01 + 0.02 * i, avg.values()[i]));
                }
                yield CorrelationFigure.build(new CorrelationFigure.Data(points, "sharpness (ρ = 0.05)",
                        "avg OOD top-1 (%)", -0.6, -0.9, -0.2, 0.95, 5), style);
            }
            case SparsityFigure.NAME -> SparsityFigure.build(new SparsityFigure.Data(List.of(avg,
                    curve("magnitude s = 0.9", 0.45, 0.49, 0.46, 0.40, 0.33)), "avg OOD top-1 (%)", "Sparsity"),
                    style);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static List<String> kinds() {
        return List.of(AccuracyVsAlphaFigure.NAME, RobustnessFigure.NAME, LayerHeatmapFigure.NAME,
                CorrelationFigure.NAME, SparsityFigure.NAME);
    }

    static FigureProvenance provenance() {
        return FigureProvenance.now("p/project.json",
                List.of(new FigureProvenance.CheckpointRef("zero-shot", "a.safetensors", SHA_A),
                        new FigureProvenance.CheckpointRef("fine-tuned", "b.safetensors", SHA_B)),
                Map.of("id", Map.of("role", "id", "n", 40)), List.of(ALPHAS[0], ALPHAS[1], ALPHAS[2], ALPHAS[3],
                        ALPHAS[4]), Map.of("batchSize", 16, "sharpnessRadius", 0.05), null);
    }
}

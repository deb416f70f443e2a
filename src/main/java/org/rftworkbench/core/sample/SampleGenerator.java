package org.rftworkbench.core.sample;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.ByteBufferTensor;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.model.text.OpenClipTextEncoder;
import org.rftworkbench.core.model.text.PromptTemplates;
import org.rftworkbench.core.model.text.TextConfig;
import org.rftworkbench.core.model.text.TextPooling;
import org.rftworkbench.core.model.text.ZeroShotHead;
import org.rftworkbench.core.model.text.ZeroShotHeadBuilder;
import org.rftworkbench.core.tokenize.WordTokenizer;
import org.rftworkbench.core.util.Progress;

/**
 * Makes the two sample projects from Fashion-MNIST, in Java with DJL only:
 * <ol>
 *   <li>pretrains a miniature CLIP contrastively on styled training images ({@link ClipPretrainer});</li>
 *   <li>builds the zero-shot head from prompts through its text tower: endpoint A;</li>
 *   <li>fine-tunes image tower + head on clean training images at two learning rates ({@link FineTuner}): B for
 *       the WiSE-FT project, B' for the failure project;</li>
 *   <li>renders disjoint evaluation sets from the test split ({@link TestSplit}) and a 1,024-image training subset
 *       for sharpness, writes both projects ({@link SampleProjectWriter}) and sweeps them with the workbench's own
 *       sweep, recording {@code expected_sweep.json}.</li>
 * </ol>
 * Everything runs on the CPU on the calling thread, with one libtorch intra-op thread and fixed seeds: the same
 * settings and Fashion-MNIST files give bit-identical weights and sweeps on the same kind of CPU (libtorch's kernels
 * may round differently on another instruction set).
 */
public final class SampleGenerator {
    public static final String WISEFT = "fashion-clip-wiseft";
    public static final String FAILURE = "fashion-clip-failure";
    /** Token positions of the text tower: start, up to 8 words, end. */
    public static final int CONTEXT_LENGTH = 10;
    /** Number of OOD slots of the test split (the far suite has six styles). */
    public static final int SLOTS = 6;

    /** An OOD style of a suite and the test-split slot its images come from. */
    public record SuiteEntry(Style style, int slot) {
    }

    /** The mild suite of the WiSE-FT project (recipe part 2): each style reuses the slot of its far counterpart. */
    public static final List<SuiteEntry> MILD5 = List.of(new SuiteEntry(Style.SKMIX50, 0),
            new SuiteEntry(Style.ROT10_20, 2), new SuiteEntry(Style.NOISE15, 3), new SuiteEntry(Style.BLUR, 4),
            new SuiteEntry(Style.LOWCON, 5));
    /** The far-shift suite of the failure project (recipe part 1). */
    public static final List<SuiteEntry> FAR6 = List.of(new SuiteEntry(Style.SKETCH, 0),
            new SuiteEntry(Style.INVERT, 1), new SuiteEntry(Style.ROT30_60, 2), new SuiteEntry(Style.NOISE35, 3),
            new SuiteEntry(Style.BLUR, 4), new SuiteEntry(Style.LOWCON, 5));

    /**
     * What a run produced.
     *
     * @param projects     project folder name -> its path metrics from the generation-time sweep
     * @param stageSeconds wall time per stage, in order
     */
    public record Report(Map<String, PathMetrics> projects, Map<String, Double> stageSeconds) {
    }

    private SampleGenerator() {
    }

    /**
     * Generates {@code outDir/fashion-clip-wiseft} and {@code outDir/fashion-clip-failure} (files inside are
     * overwritten; nothing else is touched).
     *
     * @param fashionMnistDir folder with the four gzipped IDX files
     */
    public static Report generate(Path outDir, Path fashionMnistDir, SampleSettings s, TrainingLog log,
            Progress progress) throws RftException, IOException {
        return generate(outDir, fashionMnistDir, s, null, log, progress);
    }

    /**
     * As {@link #generate(Path, Path, SampleSettings, TrainingLog, Progress)}, but with {@code pretrainedClip} (a
     * {@code model/clip.safetensors} written by an earlier run with the same settings) instead of pretraining: for
     * trying fine-tuning settings quickly. Null pretrains as usual.
     */
    public static Report generate(Path outDir, Path fashionMnistDir, SampleSettings s, Path pretrainedClip,
            TrainingLog log, Progress progress) throws RftException, IOException {
        Models.prepareComputeThread();
        // libtorch splits reductions and matrix products by thread count, which changes float rounding: one
        // intra-op thread makes the weights independent of the machine's core count (and is not slower on a
        // busy machine, where a second thread mostly waits for a core)
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            return generateSingleThreaded(outDir, fashionMnistDir, s, pretrainedClip, log, progress);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private static Report generateSingleThreaded(Path outDir, Path fashionMnistDir, SampleSettings s,
            Path pretrainedClip, TrainingLog log, Progress progress) throws RftException, IOException {
        Device cpu = Device.cpu();
        Map<String, Double> stages = new LinkedHashMap<>();
        Stopwatch watch = new Stopwatch();
        long total = System.nanoTime();

        LabelledImages train = FashionMnist.train(fashionMnistDir);
        LabelledImages test = FashionMnist.test(fashionMnistDir);
        if (s.trainLimit() != null && s.trainLimit() < train.count()) {
            train = train.subset(range(s.trainLimit()));
        }
        stages.put("read Fashion-MNIST", watch.lap());
        log.line(String.format(Locale.ROOT, "data: %d training, %d test images (%.1f s); %d intra-op threads",
                train.count(), test.count(), stages.get("read Fashion-MNIST"), JniUtils.getNumThreads()));

        List<String> classes = FashionMnist.CLASSES;
        List<String> captions = new ArrayList<>();
        for (Style style : s.pretrainStyles()) {
            for (String c : classes) {
                captions.add(PromptTemplates.format(style.captionTemplate(), c));
            }
        }
        List<String> texts = new ArrayList<>(captions);
        for (String template : s.zeroShotTemplates()) {
            for (String c : classes) {
                texts.add(PromptTemplates.format(template, c));
            }
        }
        for (String text : texts) {
            if (WordTokenizer.words(text).size() > CONTEXT_LENGTH - 2) {
                throw new IllegalArgumentException("caption too long for context " + CONTEXT_LENGTH + ": " + text);
            }
        }
        WordTokenizer tokenizer = WordTokenizer.of(WordTokenizer.vocabularyOf(texts), CONTEXT_LENGTH);
        ModelConfig modelConfig = new ModelConfig(32, true, new ModelConfig.Vision(28, 4, 64, 7, 16, 4.0));
        TextConfig textConfig = new TextConfig(CONTEXT_LENGTH, tokenizer.vocabularySize(), 64, 4, 2, 4.0, 32, true);
        TextPooling pooling = TextPooling.atEndOfText(tokenizer.endOfTextId());

        List<CheckpointTensor> clipTensors = new ArrayList<>();
        Map<String, float[]> visual = new LinkedHashMap<>();
        ZeroShotHead head;
        Object pretrained;
        try (NDManager imageManager = NDManager.newBaseManager(cpu);
                NDManager textManager = NDManager.newBaseManager(cpu)) {
            Map<String, NDArray> imageTensors;
            Map<String, NDArray> textTensors;
            if (pretrainedClip == null) {
                imageTensors = TowerInit.imageTower(modelConfig, imageManager,
                        s.derivedSeed(SampleSettings.SeedStream.IMAGE_TOWER_INIT));
                textTensors = TowerInit.textTower(textConfig, textManager,
                        s.derivedSeed(SampleSettings.SeedStream.TEXT_TOWER_INIT));
            } else {
                imageTensors = new LinkedHashMap<>();
                textTensors = new LinkedHashMap<>();
                readClip(pretrainedClip, imageManager, imageTensors, textManager, textTensors);
            }
            // the classifier wrapper needs a head; pretraining never reads it
            imageTensors.put(OpenClipClassifier.HEAD_WEIGHT,
                    imageManager.zeros(new ai.djl.ndarray.types.Shape(classes.size(), modelConfig.embedDim())));
            OpenClipClassifier imageTower = OpenClipClassifier.create(modelConfig, imageTensors, imageManager,
                    pretrainedClip == null ? "pretraining image tower" : pretrainedClip.toString());
            OpenClipTextEncoder textTower = OpenClipTextEncoder.create(textConfig, textTensors, textManager, pooling,
                    pretrainedClip == null ? "pretraining text tower" : pretrainedClip.toString());
            if (pretrainedClip == null) {
                ClipPretrainer.Settings pretrainSettings = new ClipPretrainer.Settings(s.pretrainEpochs(),
                        s.pretrainBatch(), s.pretrainLr(), s.weightDecay(), s.warmupFraction(), s.cleanProbability(),
                        s.pretrainStyles(), s.derivedSeed(SampleSettings.SeedStream.PRETRAIN_DATA));
                pretrained = ClipPretrainer.run(train, imageTower, textTower, tokenizer.encodeAll(captions),
                        classes.size(), pretrainSettings, log, progress);
            } else {
                pretrained = "reused " + pretrainedClip;
                log.line("pretraining skipped: towers read from " + pretrainedClip);
            }
            stages.put("pretrain CLIP", watch.lap());
            head = ZeroShotHeadBuilder.build(textTower, tokenizer, classes, s.zeroShotTemplates(), progress);
            for (Map.Entry<String, NDArray> e : imageTower.parameters().entrySet()) {
                if (e.getKey().startsWith("visual.")) {
                    visual.put(e.getKey(), e.getValue().toFloatArray());
                    clipTensors.add(floats(e.getKey(), e.getValue()));
                }
            }
            for (Map.Entry<String, NDArray> e : textTower.parameters().entrySet()) {
                clipTensors.add(floats(e.getKey(), e.getValue()));
            }
            stages.put("zero-shot head", watch.lap());
        }
        log.line(String.format(Locale.ROOT, "zero-shot head from %d template(s), scale exp(logit_scale) = %.2f",
                s.zeroShotTemplates().size(), head.scale()));

        List<CheckpointTensor> endpointA = classifierTensors(modelConfig, visual, head.weight(),
                new float[classes.size()], classes.size());
        Map<String, List<CheckpointTensor>> fineTuned = new LinkedHashMap<>();
        Map<String, FineTuner.Result> fineTuneResults = new LinkedHashMap<>();
        for (String project : List.of(WISEFT, FAILURE)) {
            double lr = project.equals(WISEFT) ? s.fineTuneLr() : s.failureLr();
            FineTuner.Settings fs = pairFineTuning(s, lr);
            String label = project.equals(WISEFT) ? "B" : "B'";
            NDManager manager = NDManager.newBaseManager(cpu);
            Map<String, NDArray> start = new LinkedHashMap<>();
            for (CheckpointTensor t : endpointA) {
                start.put(t.name(), manager.create(toFloats(t), new ai.djl.ndarray.types.Shape(t.shape())));
            }
            try (OpenClipClassifier model = OpenClipClassifier.create(modelConfig, start, manager, label)) {
                fineTuneResults.put(project, FineTuner.run(train, model, fs, label, log, progress));
                List<CheckpointTensor> tensors = new ArrayList<>();
                model.parameters().forEach((name, p) -> tensors.add(floats(name, p)));
                fineTuned.put(project, tensors);
            }
            stages.put("fine-tune " + label + " (lr " + lr + ")", watch.lap());
        }

        TestSplit split = new TestSplit(test.count(), s.idSize(), SLOTS, s.oodSize(),
                s.derivedSeed(SampleSettings.SeedStream.TEST_SPLIT));
        LabelledImages id = test.subset(split.id());
        Map<Style, LabelledImages> ood = new LinkedHashMap<>();
        for (List<SuiteEntry> suite : List.of(MILD5, FAR6)) {
            for (SuiteEntry e : suite) {
                ood.computeIfAbsent(e.style(), st -> test.rendered(split.slot(e.slot()), st,
                        s.derivedSeed(SampleSettings.SeedStream.OOD_RENDERING) * 100 + st.ordinal()));
            }
        }
        int[] sharpnessIndices = Arrays.copyOf(TestSplit.permutation(train.count(),
                new Random(s.derivedSeed(SampleSettings.SeedStream.SHARPNESS_SUBSET))), s.sharpnessSize());
        LabelledImages sharpness = train.subset(sharpnessIndices);
        stages.put("render evaluation sets", watch.lap());

        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("settings", s);
        shared.put("fashionMnist", fashionMnistDir.toString());
        shared.put("intraOpThreads", JniUtils.getNumThreads());
        shared.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        shared.put("pretrain", pretrained);
        shared.put("zeroShotScale", head.scale());
        shared.put("vocabularySize", tokenizer.vocabularySize());

        Map<String, PathMetrics> metrics = new LinkedHashMap<>();
        for (String project : List.of(WISEFT, FAILURE)) {
            boolean wiseft = project.equals(WISEFT);
            SampleProjectWriter.Contents contents = new SampleProjectWriter.Contents(project,
                    wiseft ? "Miniature CLIP on Fashion-MNIST: A = zero-shot head from prompts, B = fine-tuned on clean"
                            + " images at lr " + s.fineTuneLr() + ". OOD suite mild5."
                            : "Miniature CLIP on Fashion-MNIST: A = zero-shot head from prompts, B' = fine-tuned on"
                            + " clean images at lr " + s.failureLr() + " (failure mode). OOD suite far6.",
                    wiseft ? "fine-tuned" : "fine-tuned (lr " + s.failureLr() + ")",
                    modelConfig, textConfig, tokenizer, classes, endpointA, fineTuned.get(project), clipTensors,
                    id, suiteSets(wiseft ? MILD5 : FAR6, ood), sharpness);
            Path dir = outDir.resolve(project);
            SampleProjectWriter.write(dir, contents);
            stages.put("write " + project, watch.lap());
            PathMetrics m = SampleProjectWriter.sweepAndRecord(dir, s.referenceAlphas(), cpu, progress);
            metrics.put(project, m);
            stages.put("sweep " + project, watch.lap());
            log.line(project + ":\n" + SampleProjectWriter.markdownTable(m) + m.describe());
            Map<String, Object> summary = new LinkedHashMap<>(shared);
            summary.put("project", project);
            summary.put("fineTune", fineTuneResults.get(project));
            summary.put("fineTuneLr", wiseft ? s.fineTuneLr() : s.failureLr());
            summary.put("oodSuite", (wiseft ? MILD5 : FAR6).stream()
                    .map(e -> e.style().id() + " (test slot " + e.slot() + ")").toList());
            summary.put("criteria", m.describe().lines().toList());
            stages.put("total", (System.nanoTime() - total) / 1e9);
            summary.put("stageSeconds", stages);
            SampleProjectWriter.writeJson(dir.resolve("generation_summary.json"), summary);
            stages.remove("total");
        }
        stages.put("total", (System.nanoTime() - total) / 1e9);
        for (Map.Entry<String, Double> e : stages.entrySet()) {
            log.line(String.format(Locale.ROOT, "time %-32s %8.1f s", e.getKey(), e.getValue()));
        }
        return new Report(metrics, stages);
    }

    /**
     * How B and B' are fine-tuned: end to end, one-hot targets, no augmentation (none of {@link FineTuner}'s pool
     * options), at {@code lr}.
     */
    static FineTuner.Settings pairFineTuning(SampleSettings s, double lr) {
        return new FineTuner.Settings(s.fineTuneEpochs(), s.fineTuneBatch(), lr, s.weightDecay(), s.warmupFraction(),
                s.derivedSeed(SampleSettings.SeedStream.FINE_TUNE_DATA));
    }

    /** Splits a full miniature-CLIP checkpoint into image-tower and text-tower float32 arrays. */
    private static void readClip(Path file, NDManager imageManager, Map<String, NDArray> image,
            NDManager textManager, Map<String, NDArray> text) throws RftException {
        try (Checkpoint checkpoint = CheckpointReader.open(file)) {
            for (CheckpointTensor t : checkpoint.tensors()) {
                if (t.dataType() != ai.djl.ndarray.types.DataType.FLOAT32) {
                    throw new RftException(RftException.at(file, t.name() + " is " + t.dataType() + ", expected float32"));
                }
                boolean isVisual = t.name().startsWith("visual.");
                NDManager m = isVisual ? imageManager : textManager;
                ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(t.shape());
                NDArray array = shape.dimension() == 0 ? m.create(toFloats(t)[0]) : m.create(toFloats(t), shape);
                (isVisual ? image : text).put(t.name(), array);
            }
        }
    }

    private static Map<String, LabelledImages> suiteSets(List<SuiteEntry> suite, Map<Style, LabelledImages> ood) {
        Map<String, LabelledImages> out = new LinkedHashMap<>();
        for (SuiteEntry e : suite) {
            out.put(e.style().id(), ood.get(e.style()));
        }
        return out;
    }

    private static List<CheckpointTensor> classifierTensors(ModelConfig config, Map<String, float[]> visual,
            float[] headWeight, float[] headBias, int classes) {
        List<CheckpointTensor> out = new ArrayList<>();
        OpenClipClassifier.expectedShapes(config, classes, true).forEach((name, shape) -> {
            float[] values = name.equals(OpenClipClassifier.HEAD_WEIGHT) ? headWeight
                    : name.equals(OpenClipClassifier.HEAD_BIAS) ? headBias : visual.get(name);
            out.add(ByteBufferTensor.ofFloats(name, shape.getShape(), values));
        });
        return out;
    }

    static CheckpointTensor floats(String name, NDArray array) {
        return ByteBufferTensor.ofFloats(name, array.getShape().getShape(), array.toFloatArray());
    }

    static float[] toFloats(CheckpointTensor t) {
        java.nio.FloatBuffer fb = t.bytes().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** Seconds since the previous lap. */
    private static final class Stopwatch {
        private long last = System.nanoTime();

        double lap() {
            long now = System.nanoTime();
            double s = (now - last) / 1e9;
            last = now;
            return s;
        }
    }
}

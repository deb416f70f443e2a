package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.sample.FashionMnist;
import org.rftworkbench.core.sample.PathMetrics;
import org.rftworkbench.core.sample.PoolGenerator;
import org.rftworkbench.core.sample.SampleGenerator;
import org.rftworkbench.core.sample.SampleSettings;
import org.rftworkbench.core.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code make-sample}: trains the miniature CLIP and writes the sample projects fashion-clip-wiseft and
 * fashion-clip-failure (see {@link SampleGenerator}); with {@code --pool}, the pool sample fashion-clip-pool from the
 * first one's zero-shot A (see {@link PoolGenerator}).
 */
@Command(name = "make-sample", mixinStandardHelpOptions = true,
        description = "Pretrain a miniature CLIP on Fashion-MNIST, fine-tune it, and write the two sample projects "
                + "(deterministic for a seed; about 3 minutes on one core at the full budget). With --pool: "
                + "fine-tune the pool of runs of fashion-clip-pool from fashion-clip-wiseft's A.")
final class MakeSampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder that receives fashion-clip-wiseft/ and fashion-clip-failure/ (with --pool: "
                    + "fashion-clip-pool/, next to the fashion-clip-wiseft/ it reads).")
    Path out;

    @Option(names = "--pool",
            description = "Write only the pool sample fashion-clip-pool: fine-tune its runs from the zero-shot A of "
                    + "DIR/fashion-clip-wiseft (made before with the same --seed and --budget) and sweep each; "
                    + "about 12 minutes on one core at the full budget.")
    boolean pool;

    @Option(names = "--seed", defaultValue = "0", description = "Base seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--budget", defaultValue = "full", paramLabel = "full|smoke",
            description = "full: the shipped recipe; smoke: 200 images and 5 steps per stage, for tests "
                    + "(default: ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--fashion-mnist", paramLabel = "DIR",
            description = "Folder with the four gzipped Fashion-MNIST IDX files (default: Debian's "
                    + "/usr/share/datasets/fashion-mnist).")
    Path fashionMnist;

    @Option(names = "--pretrained", paramLabel = "FILE",
            description = "Skip pretraining: reuse model/clip.safetensors of an earlier run with the same seed and "
                    + "settings (for trying fine-tuning settings quickly).")
    Path pretrained;

    @Option(names = "--fine-tune-lr", paramLabel = "LR",
            description = "Override the learning rate of endpoint B (default 5e-3).")
    Double fineTuneLr;

    @Option(names = "--failure-lr", paramLabel = "LR",
            description = "Override the learning rate of endpoint B' (default 2e-2).")
    Double failureLr;

    @Option(names = "--fine-tune-epochs", paramLabel = "N", description = "Override the fine-tuning epochs (recipe: 1).")
    Double fineTuneEpochs;

    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Override the pretraining epochs.")
    Double pretrainEpochs;

    @Option(names = "--p-clean", paramLabel = "P",
            description = "Override the share of clean photos in pretraining.")
    Double cleanShare;

    @Option(names = "--style-templates",
            description = "Zero-shot head from the ensemble of every pretraining caption template instead of "
                    + "'a photo of a {}.'.")
    boolean styleTemplates;

    @Override
    public Integer call() throws Exception {
        SampleSettings settings;
        try {
            settings = SampleSettings.of(budget, seed);
        } catch (IllegalArgumentException e) {
            throw new RftException("--budget: " + e.getMessage());
        }
        if (pool) {
            return makePool(settings);
        }
        if (fineTuneLr != null || failureLr != null || fineTuneEpochs != null) {
            settings = settings.withFineTuning(fineTuneLr != null ? fineTuneLr : settings.fineTuneLr(),
                    failureLr != null ? failureLr : settings.failureLr(),
                    fineTuneEpochs != null ? fineTuneEpochs : settings.fineTuneEpochs());
        }
        if (pretrainEpochs != null || cleanShare != null) {
            settings = settings.withPretraining(pretrainEpochs != null ? pretrainEpochs : settings.pretrainEpochs(),
                    cleanShare != null ? cleanShare : settings.cleanProbability());
        }
        if (styleTemplates) {
            settings = settings.withZeroShotTemplates(settings.pretrainStyles().stream()
                    .map(org.rftworkbench.core.sample.Style::captionTemplate).toList());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        SampleGenerator.Report report = SampleGenerator.generate(out,
                fashionMnist != null ? fashionMnist : FashionMnist.DEBIAN_DIR, settings, pretrained, line -> {
                    stdout.println(line);
                    stdout.flush();
                }, Progress.NONE);
        for (Map.Entry<String, PathMetrics> e : report.projects().entrySet()) {
            stdout.printf(Locale.ROOT, "wrote %s%n", out.resolve(e.getKey()));
        }
        stdout.flush();
        return 0;
    }

    private int makePool(SampleSettings settings) throws Exception {
        if (pretrained != null || fineTuneLr != null || failureLr != null || fineTuneEpochs != null
                || pretrainEpochs != null || cleanShare != null || styleTemplates) {
            throw new RftException("--pool takes only --out, --seed, --budget and --fashion-mnist: the runs' settings"
                    + " are the pool's recipe (PoolGenerator) and A is read from fashion-clip-wiseft");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PoolGenerator.generate(out, fashionMnist != null ? fashionMnist : FashionMnist.DEBIAN_DIR, settings,
                settings.budget().equals("smoke") ? PoolGenerator.SMOKE : PoolGenerator.FULL, line -> {
                    stdout.println(line);
                    stdout.flush();
                }, Progress.NONE);
        stdout.printf(Locale.ROOT, "wrote %s%n", out.resolve(PoolGenerator.POOL));
        stdout.flush();
        return 0;
    }
}

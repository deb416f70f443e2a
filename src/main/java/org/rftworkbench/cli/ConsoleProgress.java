package org.rftworkbench.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rftworkbench.core.util.Progress;

/**
 * A terminal progress bar on stderr for long CLI runs. One bar per task name; a new task closes the previous bar.
 * Thread-safe (synchronised): core code may report from worker threads.
 */
final class ConsoleProgress implements Progress, AutoCloseable {
    private final boolean enabled;
    private ProgressBar bar;
    private String barTask;

    /** @param enabled false for --quiet: updates are ignored */
    ConsoleProgress(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        if (!enabled) {
            return;
        }
        String group = task.contains(" ") ? task.substring(0, task.indexOf(' ')) : task;
        if (bar == null || !group.equals(barTask) || (total > 0 && bar.getMax() != total)) {
            close();
            bar = new ProgressBarBuilder().setTaskName(group).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
            barTask = group;
        }
        bar.stepTo(done);
        bar.setExtraMessage(task.substring(group.length()).strip());
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

package org.rftworkbench.core.util;

import java.util.Locale;

/**
 * Progress in words, the same in the console and in the window: "prepare imagenet_val: 1,200/50,000 images,
 * 262 images/s" and "3 min 6 s left". Numbers use {@link Locale#ROOT} with thousands separators. Stateless.
 */
public final class ProgressText {
    private ProgressText() {
    }

    /** "TASK: 1,200/50,000 images, 262 images/s"; the rate is left out while unknown, the total when unknown. */
    public static String status(ProgressRate rate) {
        StringBuilder s = new StringBuilder(rate.task()).append(": ")
                .append(counts(rate.done(), rate.total(), rate.unit()));
        double perSecond = rate.perSecond();
        if (!Double.isNaN(perSecond) && !rate.complete()) {
            s.append(", ").append(rate(perSecond, rate.unit()));
        }
        return s.toString();
    }

    /** {@link #status} followed by ", 3 min 6 s left" when the time left is known at {@code nowNanos}. */
    public static String line(ProgressRate rate, long nowNanos) {
        String left = timeLeft(rate.secondsLeft(nowNanos));
        return left.isEmpty() ? status(rate) : status(rate) + ", " + left;
    }

    /** "1,200/50,000 images", "1,200 images" (total unknown), "3/10" (no unit). */
    public static String counts(long done, long total, String unit) {
        String count = total >= 0 ? String.format(Locale.ROOT, "%,d/%,d", done, total)
                : String.format(Locale.ROOT, "%,d", done);
        return unit == null ? count : count + " " + unit;
    }

    /** "262 images/s", "2.5 images/s", "0.25 images/s" ("/s" alone without a unit). */
    public static String rate(double perSecond, String unit) {
        String number = perSecond >= 10 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : perSecond >= 1 ? String.format(Locale.ROOT, "%.1f", perSecond)
                : String.format(Locale.ROOT, "%.2f", perSecond);
        return number + (unit == null ? "/s" : " " + unit + "/s");
    }

    /** "45 s left", "3 min 6 s left", "2 h 5 min left" (seconds rounded up); "" for NaN or a non-positive time. */
    public static String timeLeft(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            return "";
        }
        long s = (long) Math.ceil(seconds);
        if (s < 60) {
            return s + " s left";
        }
        if (s < 3600) {
            return s % 60 == 0 ? s / 60 + " min left" : s / 60 + " min " + s % 60 + " s left";
        }
        long minutes = (s + 59) / 60;
        return minutes % 60 == 0 ? minutes / 60 + " h left" : minutes / 60 + " h " + minutes % 60 + " min left";
    }
}

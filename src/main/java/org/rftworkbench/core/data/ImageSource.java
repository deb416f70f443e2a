package org.rftworkbench.core.data;

import java.util.List;

/**
 * A labelled image dataset that can be decoded image by image: the input of {@link TensorCache#prepare}.
 *
 * <p>Thread-safety: implementations must allow concurrent calls to {@link #read(int)} from several threads
 * (preparation decodes in parallel); the other methods are cheap and side-effect free.
 */
public interface ImageSource {

    /** Short display name of the dataset, e.g. "fashion-mnist-test"; also used in cache file names. */
    String name();

    /** Class names; {@link #label(int)} indexes into this list. Never empty. */
    List<String> classNames();

    /** Number of images, at least 1. */
    int size();

    /** The class index of image {@code i}, in {@code [0, classNames().size())}. */
    int label(int i);

    /**
     * Decodes image {@code i}.
     *
     * @throws DataException when the image cannot be read or decoded; the message names the image's location
     */
    DecodedImage read(int i) throws DataException;

    /** Where image {@code i} lives, for messages: a file path, or "file#index" inside a container file. */
    String location(int i);

    /**
     * SHA-256 (hex) over the bytes of the underlying files, the labels and the class names: it changes whenever
     * any image byte, label or class name changes. Computed once per instance (it may read every file) and then
     * cached.
     */
    String contentFingerprint() throws DataException;

    /**
     * True when every image is known to have one (grey) channel, so a cache may store one plane per image and
     * replicate it into R, G and B when read. The default (false) is always safe.
     */
    default boolean allGreyscale() {
        return false;
    }
}

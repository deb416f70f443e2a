package org.rftworkbench.core.data;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps an ImageSource and counts decodes, to prove a cache hit decodes nothing. */
final class CountingSource implements ImageSource {
    final ImageSource inner;
    final AtomicInteger reads = new AtomicInteger();

    CountingSource(ImageSource inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<String> classNames() {
        return inner.classNames();
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public int label(int i) {
        return inner.label(i);
    }

    @Override
    public DecodedImage read(int i) throws DataException {
        reads.incrementAndGet();
        return inner.read(i);
    }

    @Override
    public String location(int i) {
        return inner.location(i);
    }

    @Override
    public String contentFingerprint() throws DataException {
        return inner.contentFingerprint();
    }

    @Override
    public boolean allGreyscale() {
        return inner.allGreyscale();
    }
}

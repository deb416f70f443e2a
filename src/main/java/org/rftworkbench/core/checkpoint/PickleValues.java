package org.rftworkbench.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The values {@link WeightsOnlyUnpickler} produces besides plain Java containers and scalars. */
final class PickleValues {
    private PickleValues() {
    }

    /** A Python tuple (kept apart from {@code list} so shapes and persistent ids are recognisable). */
    record PickleTuple(List<Object> items) {
        PickleTuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** A reference to one storage of a torch.save zip ({@code <archive>/data/<key>}); numel in elements. */
    record TorchStorage(String key, DataType dataType, String location, long numel) {
    }

    /** A strided view into a {@link TorchStorage}; offset and strides in elements. */
    record TorchTensor(TorchStorage storage, long storageOffset, long[] size, long[] stride) {
        long numel() {
            return ByteBufferTensor.numel(size);
        }

        /** True when the view is row-major contiguous (strides of size-1 dimensions do not matter). */
        boolean isContiguous() {
            long expected = 1;
            for (int d = size.length - 1; d >= 0; d--) {
                if (size[d] != 1 && stride[d] != expected) {
                    return false;
                }
                expected *= size[d];
            }
            return true;
        }

        /** One past the largest storage element the view touches (storageOffset when it is empty). */
        long storageEnd() {
            if (numel() == 0) {
                return storageOffset;
            }
            long last = storageOffset;
            for (int d = 0; d < size.length; d++) {
                last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
            }
            return last + 1;
        }

        @Override
        public String toString() {
            return "tensor" + Arrays.toString(size) + " of storage " + storage.key();
        }
    }
}

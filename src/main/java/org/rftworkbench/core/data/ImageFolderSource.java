package org.rftworkbench.core.data;

import org.rftworkbench.core.util.FileAccessException;
import org.rftworkbench.core.util.FileAccessPolicy;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.core.util.PlainMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder per class, like torchvision's {@code ImageFolder}: classes are the sub-folder
 * names sorted by name; each class folder is searched recursively (following links) for files ending in .png,
 * .jpg or .jpeg (any case); images are ordered by class, then by directory, then by file name, which is
 * torchvision's order, so labels and indices agree with a Python pipeline on the same folder. A
 * {@link FolderLabeling} may label the folders otherwise (ImageNetV2 head indices, a label map, ObjectNet); images are
 * then ordered by label, then folder name, then as above, and ObjectNet images lose a 2-pixel border when read.
 *
 * <p>Every folder listed and every file read goes through a {@link FileAccessPolicy} (allow-all unless given): under
 * confinement a class folder or image that is a symbolic link to a place outside the allowed roots is refused when
 * the folder is scanned and again each time an image is opened, before anything outside is listed or read.
 *
 * <p>Thread-safe: the file list is fixed at {@link #open}; {@link #read} decodes the file on every call.
 */
public final class ImageFolderSource implements ImageSource {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private final Path root;
    private final String name;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final FileAccessPolicy access;
    private final FolderLabeling labeling;
    private final List<String> skippedFolders;
    private final List<String> missingFolders;
    private volatile String fingerprint;

    private ImageFolderSource(Path root, String name, List<String> classNames, List<Path> files, int[] labels,
            FileAccessPolicy access, FolderLabeling labeling, FolderLabeling.Resolved resolved) {
        this.access = access;
        this.labeling = labeling;
        this.skippedFolders = List.copyOf(resolved.skippedFolders());
        this.missingFolders = List.copyOf(resolved.missingFolders());
        this.root = root;
        this.name = name;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /** Scans {@code root}; the dataset is named after the folder. */
    public static ImageFolderSource open(Path root) throws DataException {
        Path fileName = root.toAbsolutePath().normalize().getFileName();
        return open(root, fileName == null ? "images" : fileName.toString());
    }

    /**
     * Scans {@code root} for class sub-folders and their images.
     *
     * @throws DataException if root is not a folder, has no class folders ("dataset has no images"), or a class
     *                       folder holds no image (torchvision refuses that too)
     */
    public static ImageFolderSource open(Path root, String name) throws DataException {
        return open(root, name, FileAccessPolicy.ALLOW_ALL);
    }

    /**
     * As {@link #open(Path, String)}, with every folder and file checked against {@code access} when it is listed
     * or opened.
     *
     * @throws DataException also when the policy refuses the root, a class folder or an image
     */
    public static ImageFolderSource open(Path root, String name, FileAccessPolicy access) throws DataException {
        return open(root, name, access, FolderLabeling.byName());
    }

    /**
     * As {@link #open(Path, String, FileAccessPolicy)}, with the class folders labelled by {@code labeling}: folders
     * it does not map are skipped without being listed (see {@link #skippedFolders()}).
     *
     * @throws DataException also when a folder name does not fit the labelling, or no mapped folder is on disk
     */
    public static ImageFolderSource open(Path root, String name, FileAccessPolicy access, FolderLabeling labeling)
            throws DataException {
        check(access, root);
        if (!Files.isDirectory(root)) {
            throw new DataException(root, "not a folder");
        }
        List<Path> classDirs;
        try (Stream<Path> entries = Files.list(root)) {
            classDirs = entries.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(root, "cannot list folder: " + PlainMessages.of(e), e);
        }
        if (classDirs.isEmpty()) {
            throw new DataException(root, "dataset has no images (expected one sub-folder per class)");
        }
        FolderLabeling.Resolved resolved = labeling.resolve(
                classDirs.stream().map(p -> p.getFileName().toString()).toList(), root.toString());
        int[] labelOfFolder = resolved.labelOfFolder();
        // images ordered by label, then folder name (several folders may share a label), then torchvision's order
        Integer[] folderOrder = IntStream.range(0, classDirs.size()).boxed()
                .filter(i -> labelOfFolder[i] >= 0)
                .sorted(Comparator.comparingInt((Integer i) -> labelOfFolder[i]).thenComparingInt(i -> i))
                .toArray(Integer[]::new);
        if (folderOrder.length == 0) {
            throw new DataException(root, "none of the " + classDirs.size() + " class folders is in the label map");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int f : folderOrder) {
            Path classDir = classDirs.get(f);
            List<Path> images = imagesUnder(classDir, access);
            if (images.isEmpty()) {
                throw new DataException(classDir, "class folder has no .png/.jpg/.jpeg images");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(labelOfFolder[f]);
            }
        }
        return new ImageFolderSource(root, name, resolved.classNames(), files,
                labels.stream().mapToInt(Integer::intValue).toArray(), access, labeling, resolved);
    }

    private static Path check(FileAccessPolicy access, Path path) throws DataException {
        try {
            return access.check(path);
        } catch (FileAccessException e) {
            throw new DataException(e);
        }
    }

    /** Image files below a class folder in torchvision's order: sorted directory path, then file name. */
    private static List<Path> imagesUnder(Path classDir, FileAccessPolicy access) throws DataException {
        check(access, classDir);
        try (Stream<Path> walk = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
            // The walk hands out a folder before it reads the folder's entries, so a refused link stops it there.
            Stream<Path> checked = access == FileAccessPolicy.ALLOW_ALL ? walk
                    : walk.peek(p -> uncheckedCheck(access, p));
            return checked.filter(Files::isRegularFile)
                    .filter(ImageFolderSource::hasImageExtension)
                    .sorted(Comparator.comparing((Path p) -> directoryKey(classDir, p))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(classDir, "cannot list folder: " + PlainMessages.of(e), e);
        } catch (UncheckedDataException e) {
            throw e.getCause();
        }
    }

    private static void uncheckedCheck(FileAccessPolicy access, Path path) {
        try {
            access.check(path);
        } catch (FileAccessException e) {
            throw new UncheckedDataException(new DataException(e));
        }
    }

    /** The containing directory as os.walk's root string minus the common prefix ("" for the class folder). */
    private static String directoryKey(Path classDir, Path file) {
        Path relative = classDir.relativize(file.getParent());
        String s = relative.toString().replace('\\', '/');
        return s.isEmpty() ? "" : "/" + s;
    }

    private static boolean hasImageExtension(Path file) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    public Path root() {
        return root;
    }

    /** The image file of index {@code i}. */
    public Path file(int i) {
        return files.get(i);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    /** Class folders on disk that the label map does not mention (not listed, not read). */
    public List<String> skippedFolders() {
        return skippedFolders;
    }

    /** Folders the label map mentions that are not on disk. */
    public List<String> missingFolders() {
        return missingFolders;
    }

    /** How folders became labels. */
    public FolderLabeling labeling() {
        return labeling;
    }

    @Override
    public DecodedImage read(int i) throws DataException {
        Path file = check(access, files.get(i));
        DecodedImage image = ImageDecoding.read(file);
        int border = labeling.borderCrop();
        return border == 0 ? image : cropBorder(image, border, file);
    }

    /** PIL's {@code img.crop((b, b, w - b, h - b))}. */
    static DecodedImage cropBorder(DecodedImage image, int b, Path file) throws DataException {
        int w = image.width() - 2 * b;
        int h = image.height() - 2 * b;
        if (w < 1 || h < 1) {
            throw new DataException(file, "image of " + image.width() + "x" + image.height()
                    + " is too small for the " + b + "-pixel border crop");
        }
        int c = image.channels();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.pixels(), ((y + b) * image.width() + b) * c, out, y * w * c, w * c);
        }
        return new DecodedImage(w, h, c, out);
    }

    @Override
    public String location(int i) {
        return files.get(i).toString();
    }

    /** Hashes every file (in parallel), then combines class names, relative paths, labels and file hashes. */
    @Override
    public String contentFingerprint() throws DataException {
        String cached = fingerprint;
        if (cached != null) {
            return cached;
        }
        byte[][] fileHashes = new byte[files.size()][];
        try {
            IntStream.range(0, files.size()).parallel()
                    .forEach(i -> fileHashes[i] = hashFile(files.get(i), access));
        } catch (UncheckedDataException e) {
            throw e.getCause();
        }
        MessageDigest md = Hashing.sha256();
        // v2: JPEGs with ICC profiles, CMYK/YCCK JPEGs and (on libjpeg 6b runtimes) 4:4:0 JPEGs now decode like
        // Pillow (docs/JPEG-DECODING.md); caches and results prepared from their old pixels must not be reused
        Hashing.putString(md, "image-folder-v2");
        if (!labeling.isDefault()) {
            // label map, head classes and border crop: they change labels, logit projection or pixels
            Hashing.putString(md, "labeling:" + labeling.canonical());
        }
        Hashing.putStrings(md, classNames);
        Hashing.putInt(md, files.size());
        for (int i = 0; i < files.size(); i++) {
            Hashing.putString(md, root.relativize(files.get(i)).toString().replace('\\', '/'));
            Hashing.putInt(md, labels[i]);
            md.update(fileHashes[i]);
        }
        cached = Hashing.hex(md.digest());
        fingerprint = cached;
        return cached;
    }

    private static byte[] hashFile(Path file, FileAccessPolicy access) {
        MessageDigest md = Hashing.sha256();
        byte[] buffer = new byte[64 * 1024];
        Path readable;
        try {
            readable = access.check(file);
        } catch (FileAccessException e) {
            throw new UncheckedDataException(new DataException(e));
        }
        try (InputStream in = Files.newInputStream(readable)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedDataException(new DataException(file, "cannot read: " + e.getMessage(), e));
        }
        return md.digest();
    }

    /** Carries a DataException out of a parallel stream. */
    private static final class UncheckedDataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedDataException(DataException cause) {
            super(cause);
        }

        @Override
        public synchronized DataException getCause() {
            return (DataException) super.getCause();
        }
    }
}

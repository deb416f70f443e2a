package org.rftworkbench.core.service.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;

/**
 * The projects one device keeps open, least recently used first out. An open project is reused while every file it
 * was built from (project file, checkpoints, model file, classes file, dataset files) has the same size and
 * modification time, it pairs A with the same run, and it has all the requested datasets; otherwise a new one is
 * opened. Each run of a project is a pair of its own, so it is an entry of its own.
 *
 * <p>Not thread-safe: owned by one device thread.
 */
final class WorkspacePool implements AutoCloseable {
    /** Opens a project's workspace on the owning device. */
    interface Opener {
        DeviceSession open(LoadedProject project, List<String> datasets) throws RftException;
    }

    private record Entry(Path projectFile, List<String> stamps, Set<String> datasets, DeviceSession project) {
    }

    private final int capacity;
    private final LinkedList<Entry> entries = new LinkedList<>();

    WorkspacePool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    DeviceSession get(LoadedProject project, List<String> datasets, Opener opener) throws RftException {
        List<String> stamps = stamps(project);
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.projectFile().equals(project.file()) && e.stamps().equals(stamps)
                    && e.datasets().containsAll(datasets)) {
                it.remove();
                entries.addFirst(e);
                return e.project();
            }
        }
        DeviceSession opened = opener.open(project, datasets);
        entries.addFirst(new Entry(project.file(), stamps, new LinkedHashSet<>(datasets), opened));
        while (entries.size() > capacity) {
            entries.removeLast().project().close();
        }
        return opened;
    }

    int size() {
        return entries.size();
    }

    /** Size and modification time of every file the project reads ("missing" for absent ones). */
    static List<String> stamps(LoadedProject loaded) {
        ProjectSpec p = loaded.spec();
        List<Path> files = new ArrayList<>();
        files.add(loaded.file());
        files.add(loaded.resolve(p.endpointA().path()));
        files.add(loaded.resolve(p.endpointB().path()));
        for (String f : new String[] {p.model().config(), p.model().torchscript(), p.classesFile()}) {
            if (f != null) {
                files.add(loaded.resolve(f));
            }
        }
        for (ProjectSpec.DatasetEntry d : p.datasets()) {
            files.add(loaded.resolve(d.images()));
            if (d.labels() != null) {
                files.add(loaded.resolve(d.labels()));
            }
        }
        List<String> stamps = new ArrayList<>();
        ProjectSpec.Run run = p.selected();
        stamps.add("run|" + (run == null ? "" : run.label()));
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                stamps.add(f + "|" + a.size() + "|" + a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                stamps.add(f + "|missing");
            }
        }
        return stamps;
    }

    @Override
    public void close() {
        for (Entry e : entries) {
            e.project().close();
        }
        entries.clear();
    }
}

package org.rftworkbench.core.service.embedded;

import java.util.List;

/** Threads the compute service (and the evaluators it creates) start, for leak checks. */
final class ServiceThreads {
    private ServiceThreads() {
    }

    /** Names of live threads the service created; waits up to 5 s for threads that are already winding down. */
    static List<String> alive() throws InterruptedException {
        List<String> names = List.of();
        for (int i = 0; i < 500; i++) {
            names = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith(DeviceWorker.THREAD_PREFIX) || n.equals(EventDispatcher.THREAD_NAME)
                            || n.equals("eval-prefetch"))
                    .sorted().toList();
            if (names.isEmpty()) {
                return names;
            }
            Thread.sleep(10);
        }
        return names;
    }
}

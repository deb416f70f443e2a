package org.rftworkbench.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/** The task: runs a partition's parts in order on this executor and returns what each did. */
final class RunPartition implements FlatMapFunction<List<WorkUnit>, UnitOutcome> {
    private static final long serialVersionUID = 1L;
    private final ExecutorSettings settings;

    RunPartition(ExecutorSettings settings) {
        this.settings = settings;
    }

    @Override
    public Iterator<UnitOutcome> call(List<WorkUnit> partition) throws Exception {
        List<UnitOutcome> out = new ArrayList<>();
        for (WorkUnit unit : partition) {
            out.add(ExecutorServices.run(settings, unit));
        }
        return out.iterator();
    }
}

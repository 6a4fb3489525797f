package org.neuralop4j.validation.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.fno.FnoExperiments;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.RunMode;

class GeneratedDataExperimentsTest {
    @TempDir
    Path dir;

    private static MetricRow row(ExperimentResult r, String metric) {
        for (MetricRow m : r.rows()) if (m.metric().equals(metric)) return m;
        throw new AssertionError("no row '" + metric + "' in " + r.rows());
    }

    private ExperimentResult run(FnoGeneratedExperiment e, ByteArrayOutputStream progress) {
        ExperimentContext ctx = new ExperimentContext(dir, e.name(), RunMode.FULL, 3,
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        return e.run(ctx);
    }

    @Test
    void aSmallDarcyRunLearnsReportsItsBoundAndDrawsItsFigures() throws Exception {
        FnoConfig small = FnoConfig.builder().modes(4, 4).width(8).layers(2).projectionWidth(16).build();
        FnoGeneratedExperiment e = new FnoGeneratedExperiment("darcy-small", "small Darcy", FnoGeneratedExperiment.Problem.DARCY,
                17, 24, 6, small, seed -> FnoExperiments.paperOptions(seed, true).withEpochs(10).withBatchSize(4)
                        .withLearningRate(5e-3).withSchedule(5, 0.5),
                0.5, 0.0108, "paper", Double.NaN, true);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ExperimentResult r = run(e, progress);
        MetricRow l2 = row(r, "test relative L2");
        // the zero map has relative error 1; 60 steps on 24 fields must do far better
        assertTrue(l2.value() < 0.35, "test relative L2 " + l2.value());
        assertTrue(l2.passed());
        assertEquals(0.0108, l2.reference(), 0.0);
        assertTrue(row(r, "parameters").value() > 0);
        assertEquals(2, r.figures().size());
        for (String f : r.figures()) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        String log = progress.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("[darcy-small] generating 24 training fields (seed 3)"), log);
        assertTrue(log.contains("[darcy-small] generating 6 test fields (seed 4)"), log);
        assertEquals(0, row(r, "epochs restored from a checkpoint").value(), 0.0);
        assertTrue(Files.exists(dir.resolve("runs/darcy-small/run.json")));

        // the same command again finds the finished run's checkpoint: nothing is retrained, the numbers are the same
        ExperimentResult again = run(e, new ByteArrayOutputStream());
        assertEquals(10, row(again, "epochs restored from a checkpoint").value(), 0.0);
        assertEquals(l2.value(), row(again, "test relative L2").value(), 0.0);
        assertEquals(row(r, "training seconds").value(), row(again, "training seconds").value(), 0.0);
    }
}

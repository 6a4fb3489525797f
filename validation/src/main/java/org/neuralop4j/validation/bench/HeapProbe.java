package org.neuralop4j.validation.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The smallest heap a command runs in: bisection over child JVMs started with decreasing {@code -Xmx}. A direct
 * measure of peak live memory (what the garbage collector could not free), whatever the collector.
 */
public final class HeapProbe {
    private static final int STEP_MB = 8;

    private HeapProbe() {}

    /**
     * The smallest {@code -Xmx} (to {@value #STEP_MB} MB) with which {@code childArgs} exits successfully, by
     * bisection between {@code lowMb} (assumed to fail) and {@code highMb} (checked to succeed).
     * @param jar       the application jar to run
     * @param childArgs the command-line arguments (after {@code -jar jar})
     * @return the smallest heap in MB, or -1 when even {@code highMb} fails
     */
    public static int minimumHeapMb(Path jar, List<String> childArgs, int lowMb, int highMb)
            throws IOException, InterruptedException {
        if (!runs(jar, childArgs, highMb)) return -1;
        int lo = lowMb, hi = highMb;
        while (hi - lo > STEP_MB) {
            int mid = (lo + hi) / 2;
            if (runs(jar, childArgs, mid)) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    private static boolean runs(Path jar, List<String> childArgs, int heapMb) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx" + heapMb + "m",
                "-jar", jar.toString()));
        cmd.addAll(childArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("heap probe at -Xmx" + heapMb + "m did not finish in 10 minutes");
        }
        return p.exitValue() == 0;
    }
}

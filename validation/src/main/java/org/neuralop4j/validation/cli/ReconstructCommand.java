package org.neuralop4j.validation.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.Firenet;
import org.neuralop4j.inverse.Images;
import org.neuralop4j.inverse.LinearOperator;
import org.neuralop4j.inverse.Metrics;
import org.neuralop4j.inverse.Noise;
import org.neuralop4j.inverse.Phantoms;
import org.neuralop4j.inverse.Reconstruction;
import org.neuralop4j.inverse.SamplingMask;
import org.neuralop4j.inverse.SubsampledFourier;
import org.neuralop4j.inverse.SubsampledWalshHadamard;
import org.neuralop4j.inverse.Wavelet;
import org.neuralop4j.inverse.WaveletTransform;
import org.neuralop4j.validation.inverse.ReconstructionReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j reconstruct}: FIRENET reconstruction of an image from subsampled Fourier or Walsh-Hadamard
 * measurements (Colbrook, Antun, Hansen, PNAS 2022, arXiv:2101.08286). Writes the reconstruction ({@code .npy}
 * and PNG), a log-scale plot of the error against the restarts, and the numbers ({@code summary.json}).
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Reconstruct an image from few noisy linear measurements with FIRENET (a constructed, not trained, network).")
public final class ReconstructCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--phantom", defaultValue = "shepp-logan", description = "Test image: shepp-logan or ellipses (default ${DEFAULT-VALUE}).")
    String phantom;

    @Option(names = "--size", defaultValue = "128", description = "Phantom size n (n x n; default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--image", description = "Image file (.npy 2-D array or .png) instead of a phantom.")
    Path image;

    @Option(names = "--mask", description = "Sampling mask (.npy, 1 = sampled, centred Fourier or sequency Walsh layout).")
    Path maskFile;

    @Option(names = "--sampling", defaultValue = "variable-density", description = "Mask generator: variable-density, uniform or multilevel (default ${DEFAULT-VALUE}).")
    String sampling;

    @Option(names = "--rate", defaultValue = "0.45", description = "Sampling rate m / N (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "7", description = "Mask seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--modality", defaultValue = "fourier", description = "fourier or walsh (default ${DEFAULT-VALUE}).")
    String modality;

    @Option(names = "--noise", defaultValue = "0", description = "Relative complex Gaussian noise ||e|| / ||y|| (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--noise-seed", defaultValue = "3", description = "Noise seed (default ${DEFAULT-VALUE}).")
    long noiseSeed;

    @Option(names = "--wavelet", defaultValue = "haar", description = "haar, db2 .. db8 (default ${DEFAULT-VALUE}).")
    String wavelet;

    @Option(names = "--levels", description = "Wavelet levels (default: log2(n) - 1).")
    Integer levels;

    @Option(names = "--lambda", defaultValue = "1e-3", description = "Square-root LASSO lambda (default ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--p", defaultValue = "20", description = "Inner primal-dual steps per restart (default ${DEFAULT-VALUE}).")
    int p;

    @Option(names = "--restarts", defaultValue = "20", description = "Restarts n (default ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--delta", description = "Noise allowance of the restart schedule (default: ||e|| / 3 with --noise, else 1e-12).")
    Double delta;

    @Option(names = "--repeat", defaultValue = "1", description = "Time this many solves and report the fastest (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--save-mask", description = "Also write the mask used to this .npy file.")
    Path saveMask;

    @Option(names = "--out", defaultValue = "reconstruct-out", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object with the numbers.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        double[] truth;
        int rows, cols;
        String source;
        if (image != null) {
            Images.Image img = Images.read(image);
            truth = img.pixels();
            rows = img.rows();
            cols = img.cols();
            source = image.toString();
        } else {
            truth = Phantoms.byName(phantom, size);
            rows = size;
            cols = size;
            source = phantom + " " + size + "x" + size;
        }
        int[] dims = {rows, cols};
        boolean walsh = modality.equalsIgnoreCase("walsh");
        if (!walsh && !modality.equalsIgnoreCase("fourier"))
            throw new IllegalArgumentException("--modality must be fourier or walsh, got " + modality);
        SamplingMask.Spectrum spectrum = walsh ? SamplingMask.Spectrum.WALSH : SamplingMask.Spectrum.FOURIER;
        SamplingMask mask = maskFile != null ? SamplingMask.load(maskFile) : generateMask(dims, spectrum);
        if (!java.util.Arrays.equals(mask.dims(), dims))
            throw new IllegalArgumentException("mask dims " + java.util.Arrays.toString(mask.dims()) + " do not match the image " + rows + "x" + cols);
        if (saveMask != null) mask.save(saveMask);
        LinearOperator a = walsh ? new SubsampledWalshHadamard(mask) : new SubsampledFourier(mask);
        int lv = levels != null ? levels : WaveletTransform.maxLevels(dims);
        WaveletTransform w = new WaveletTransform(Wavelet.parse(wavelet), dims, lv);

        double[] x = ComplexArrays.fromReal(truth);
        double[] y = a.apply(x);
        double noiseNorm = noise > 0 ? Noise.addRelativeComplexGaussian(y, noise, noiseSeed) : 0;
        double d = delta != null ? delta : noise > 0 ? noiseNorm / 3 : 1e-12;
        Firenet f = Firenet.builder(a).sparsifier(w).lambda(lambda).innerIterations(p).restarts(restarts).delta(d)
                .epsilon0(ComplexArrays.norm(y)).build();

        Reconstruction r = null;
        double best = Double.POSITIVE_INFINITY, first = 0;
        for (int i = 0; i < Math.max(1, repeat); i++) {
            long t0 = System.nanoTime();
            r = f.reconstruct(y, x);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i == 0) first = s;
            best = Math.min(best, s);
        }
        double[] rec = r.realImage();
        Files.createDirectories(out);
        Images.writeNpy(out.resolve("reconstruction.npy"), rec, rows, cols);
        Images.writePng(out.resolve("reconstruction.png"), rec, rows, cols);
        Images.writePng(out.resolve("truth.png"), truth, rows, cols);
        ReconstructionReport.plotConvergence(r, "FIRENET " + source + ", " + modality + " " + Math.round(100 * mask.rate())
                + "%, p=" + p + ", n=" + restarts, out.resolve("error_vs_restarts.png"));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", source);
        m.put("rows", rows);
        m.put("cols", cols);
        m.put("modality", modality.toLowerCase(Locale.ROOT));
        m.put("sampling", maskFile != null ? maskFile.toString() : sampling);
        m.put("samples", mask.count());
        m.put("rate", mask.rate());
        m.put("noise", noise);
        m.put("wavelet", wavelet.toLowerCase(Locale.ROOT));
        m.put("wavelet_levels", lv);
        m.put("lambda", lambda);
        m.put("p", p);
        m.put("restarts", restarts);
        m.put("delta", d);
        m.put("network_depth", 3L * p * restarts + 1);
        m.put("network_width", 2L * (rows * cols + mask.count()));
        m.put("relative_error", r.finalRelativeError());
        m.put("psnr", Metrics.psnr(rec, truth));
        m.put("relative_errors", r.relativeErrors());
        m.put("contraction_factors", r.contractionFactors());
        m.put("stalled", r.stall().stalled());
        m.put("stall_message", r.stall().message());
        m.put("solve_seconds", first);
        m.put("solve_seconds_best", best);
        m.put("threads", org.neuralop4j.core.Parallel.threads());
        m.put("out", out.toString());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(out.resolve("summary.json").toFile(), m);
        if (json) spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(m));
        else {
            spec.commandLine().getOut().printf(Locale.ROOT, "FIRENET on %s: %d of %d %s samples (%.1f%%), noise %.3g, %s, p=%d, n=%d%n", source,
                    mask.count(), mask.size(), modality, 100 * mask.rate(), noise, wavelet, p, restarts);
            spec.commandLine().getOut().printf(Locale.ROOT, "relative error %.4g, PSNR %.2f dB, solve %.3f s (best of %d: %.3f s)%n",
                    r.finalRelativeError(), Metrics.psnr(rec, truth), first, Math.max(1, repeat), best);
            spec.commandLine().getOut().println(r.stall().message());
            spec.commandLine().getOut().println("wrote " + out.resolve("reconstruction.npy") + ", reconstruction.png, error_vs_restarts.png, summary.json");
        }
        return 0;
    }

    private SamplingMask generateMask(int[] dims, SamplingMask.Spectrum spectrum) {
        switch (sampling.toLowerCase(Locale.ROOT)) {
            case "variable-density":
                return SamplingMask.variableDensity(dims, spectrum, rate, seed);
            case "uniform":
                return SamplingMask.uniformRandom(dims, rate, seed);
            case "multilevel":
                return SamplingMask.multilevel(dims, spectrum, rate, 1.0, seed);
            default:
                throw new IllegalArgumentException("--sampling must be variable-density, uniform or multilevel, got " + sampling);
        }
    }
}

package org.neuralop4j.notebooks.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neuralop4j.notebooks.JShellSession;
import org.neuralop4j.notebooks.NotebookRunner;

/**
 * A Jupyter kernel for Java built on {@code io.github.spencerpark:jupyter-jvm-basekernel} (IJava's own kernel
 * base) around the build's {@link JShellSession}: the same cell semantics as the notebook runner, spoken over
 * Jupyter's messaging protocol, so that {@code jupyter nbconvert --execute} can run the notebooks as a Jupyter
 * front end would. Installed by {@code notebooks/jupyter/install-kernel.sh}.
 *
 * <p>Outputs reach Jupyter when a cell has finished (streams first, then displays in the order they were made);
 * the cell's value is the {@code execute_result}. A failing cell is reported as an error whose traceback is the
 * runner's message (compile diagnostics or the exception with its stack mapped to cell lines).
 */
public final class NotebookKernel extends BaseKernel {
    /** The kernel base logs every channel's start and stop at INFO (under per-channel names); only warnings matter. */
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private final JShellSession session;
    private final LanguageInfo languageInfo;
    private int cells;

    /** @param session the JShell session that runs the cells; closed when the kernel shuts down */
    public NotebookKernel(JShellSession session) {
        this.session = session;
        this.languageInfo = new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    /** The failure of a cell, formatted by the runner; the kernel sends its lines as the traceback. */
    static final class CellError extends Exception {
        private static final long serialVersionUID = 1L;

        CellError(String error) { super(error); }
    }

    @Override
    public LanguageInfo getLanguageInfo() { return languageInfo; }

    @Override
    public String getBanner() {
        return "neuralop4j notebook kernel (JShell, Java " + Runtime.version() + ")";
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        int n = ++cells;
        ArrayNode outputs;
        try {
            outputs = session.runCell(n, code, n);
        } catch (JShellSession.CellFailure f) {
            publish(f.outputs());
            throw new CellError(f.error());
        }
        return publish(outputs);
    }

    /** Sends stream and display outputs to the front end; @return the execute_result, or null */
    private DisplayData publish(ArrayNode outputs) {
        DisplayData result = null;
        for (JsonNode o : outputs) {
            switch (o.path("output_type").asText()) {
                case "stream":
                    String text = join(o.get("text"));
                    if (o.path("name").asText().equals("stderr")) getIO().err.print(text);
                    else getIO().out.print(text);
                    break;
                case "display_data":
                    getIO().out.flush();
                    display(toDisplayData(o.get("data")));
                    break;
                case "execute_result":
                    result = toDisplayData(o.get("data"));
                    break;
                default: // the error output: reported through the exception instead
            }
        }
        getIO().out.flush();
        getIO().err.flush();
        return result;
    }

    private static DisplayData toDisplayData(JsonNode data) {
        DisplayData d = new DisplayData();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            d.putData(e.getKey(), join(e.getValue()));
        }
        return d;
    }

    private static String join(JsonNode textOrLines) {
        if (textOrLines == null) return "";
        if (!textOrLines.isArray()) return textOrLines.asText();
        StringBuilder b = new StringBuilder();
        textOrLines.forEach(l -> b.append(l.asText()));
        return b.toString();
    }

    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CellError) return new ArrayList<>(e.getMessage().lines().toList());
        return super.formatError(e);
    }

    @Override
    public void interrupt() { session.stop(); }

    @Override
    public void onShutdown(boolean isRestarting) { session.close(); }

    /**
     * Entry point named in the kernel spec: {@code java -jar neuralop4j-kernel.jar CONNECTION_FILE}. The working
     * directory (the notebook's, under Jupyter) is the base of relative {@code %jars} paths. The cell timeout is
     * {@code -Dnotebooks.cellTimeoutSeconds} (default 300).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar neuralop4j-kernel.jar CONNECTION_FILE");
            System.exit(2);
        }
        ROOT_LOG.setLevel(Level.WARNING);
        KernelConnectionProperties props = KernelConnectionProperties.parse(
                Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        JupyterConnection connection = new JupyterConnection(props);
        JShellSession session = new JShellSession(Path.of("").toAbsolutePath(),
                Duration.ofSeconds(Long.getLong("notebooks.cellTimeoutSeconds", 300)), NotebookRunner.DEFAULT_VM_OPTIONS);
        NotebookKernel kernel = new NotebookKernel(session);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }
}

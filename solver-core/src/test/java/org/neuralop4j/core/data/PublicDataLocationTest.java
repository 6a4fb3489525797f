package org.neuralop4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Where {@link PublicData} looks, and what it says when it finds nothing. */
class PublicDataLocationTest {
    @Test
    void outsideACheckoutTheMessageSaysSo() {
        assumeTrue(System.getenv("NEURALOP4J_SHARED") == null, "an explicit location is set in the environment");
        String dir = System.getProperty("user.dir"), shared = System.getProperty("neuralop4j.shared");
        try {
            System.clearProperty("neuralop4j.shared");
            System.setProperty("user.dir", "/");
            assertFalse(PublicData.isAvailable());
            IllegalStateException e = assertThrows(IllegalStateException.class, PublicData::root);
            assertTrue(e.getMessage().contains("not inside a checkout") && e.getMessage().contains("-Dneuralop4j.shared"), e.getMessage());
        } finally {
            System.setProperty("user.dir", dir);
            if (shared != null) System.setProperty("neuralop4j.shared", shared);
        }
    }

    @Test
    void insideACheckoutTheShippedCopyIsFound() {
        assumeTrue(System.getenv("NEURALOP4J_SHARED") == null, "an explicit location is set in the environment");
        String shared = System.getProperty("neuralop4j.shared");
        try {
            System.clearProperty("neuralop4j.shared");
            java.nio.file.Path root = PublicData.repositoryRoot().orElseThrow();
            assertEquals(root.resolve(PublicData.SUBDIR), PublicData.root());
        } finally {
            if (shared != null) System.setProperty("neuralop4j.shared", shared);
        }
    }

    @Test
    void anExplicitLocationIsTheOnlyOneTried() {
        String shared = System.getProperty("neuralop4j.shared");
        try {
            System.setProperty("neuralop4j.shared", "/nonexistent/shared");
            IllegalStateException e = assertThrows(IllegalStateException.class, PublicData::root);
            assertTrue(e.getMessage().contains("looked in [/nonexistent/shared]"), e.getMessage());
        } finally {
            if (shared == null) System.clearProperty("neuralop4j.shared");
            else System.setProperty("neuralop4j.shared", shared);
        }
    }
}

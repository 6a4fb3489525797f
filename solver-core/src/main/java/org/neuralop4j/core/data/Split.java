package org.neuralop4j.core.data;

/** Which part of a published data set: the training or the test samples. */
public enum Split {
    TRAIN("train"),
    TEST("test");

    private final String fileTag;

    Split(String fileTag) { this.fileTag = fileTag; }

    /** @return the word used in the data set's file names */
    public String fileTag() { return fileTag; }
}

/**
 * PNG figures for reports (XChart for line and bar charts, Java2D for heat maps with a viridis colour bar).
 * Everything renders headless ({@code java.awt.headless=true} is set before any AWT class loads).
 */
package org.neuralop4j.validation.plot;

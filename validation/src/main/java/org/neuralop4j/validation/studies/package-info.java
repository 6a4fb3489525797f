/**
 * Studies that need both the trained models and the constructed solvers (a learned reconstruction compared with
 * FIRENET, after Colbrook, Antun &amp; Hansen, PNAS 2022, arXiv:2101.08286), registered as {@code reproduce}
 * experiments.
 */
package org.neuralop4j.validation.studies;

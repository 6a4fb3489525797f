/**
 * Error-bound helpers: empirical convergence orders, geometric contraction of error sequences (the exponential
 * convergence a FIRENET guarantees, Colbrook, Antun &amp; Hansen, arXiv:2101.08286), resolution studies,
 * bit-for-bit determinism across repeats and thread counts, and a registry of finite-difference gradient checks.
 */
package org.neuralop4j.validation.bounds;

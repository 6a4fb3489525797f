/**
 * DeepONet (Lu et al., Nat. Mach. Intell. 2021, doi:10.1038/s42256-021-00302-5): branch and trunk MLPs with a
 * trainable output bias, Cartesian-product and pointwise forms, several outputs, optional Fourier features of the
 * trunk input; {@link org.neuralop4j.operators.deeponet.DeepONetTraining} reproduces DeepXDE's full-batch setup.
 */
package org.neuralop4j.operators.deeponet;

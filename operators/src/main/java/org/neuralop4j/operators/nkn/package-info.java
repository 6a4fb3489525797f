/**
 * Nonlocal kernel network (You, Yu, D'Elia, Gao, Silling, J. Comput. Phys. 2022, arXiv:2201.02217): layers as
 * explicit Euler steps of a nonlocal diffusion-reaction equation with shared parameters, the kernel integral as an
 * FFT convolution, shallow-to-deep initialisation, and the depth study against an unshared spectral stack.
 */
package org.neuralop4j.operators.nkn;

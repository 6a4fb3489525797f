/**
 * Low-rank neural operator (Kovachki et al., JMLR 2023, arXiv:2108.08481, Sec. 4.2): a separable kernel
 * {@code kappa(x, y) = sum_j phi_j(x) psi_j(y)^T} with learned {@code phi}, {@code psi}, linear cost in the points.
 */
package org.neuralop4j.operators.lno;

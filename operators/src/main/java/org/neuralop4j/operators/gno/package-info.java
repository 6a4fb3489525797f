/**
 * Graph kernel network (Li et al., arXiv:2003.03485; Kovachki et al., JMLR 2023): ball neighbourhoods built with a
 * cell grid ({@link org.neuralop4j.operators.gno.RadiusGraph}), the fused kernel integral with hand-written adjoint
 * ({@link org.neuralop4j.operators.gno.KernelIntegral}) and the network on arbitrary point sets.
 */
package org.neuralop4j.operators.gno;

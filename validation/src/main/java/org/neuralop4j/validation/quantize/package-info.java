/**
 * Post-training int8 quantization for stability studies: symmetric per-channel weights and per-tensor activations
 * calibrated on data (the scheme of Jacob et al., CVPR 2018, arXiv:1712.05877, without zero points), applied as
 * quantize-dequantize ("fake quantization") so that any float64 model can be evaluated with int8-rounded numbers.
 */
package org.neuralop4j.validation.quantize;

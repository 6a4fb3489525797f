/**
 * Post-training int8 quantization for stability studies: symmetric per-channel weights and per-tensor activations
 * calibrated on data (the scheme of Jacob et al., CVPR 2018, arXiv:1712.05877, without zero points), applied as
 * quantize-dequantize ("fake quantization") so that any float64 model can be evaluated with int8-rounded numbers.
 * Weights: {@link org.neuralop4j.validation.quantize.Int8Quantization#quantizeWeights}. Internal activations: a model
 * that takes an {@link org.neuralop4j.core.nn.ActivationHook} (FNO, DeepONet) is run once over a calibration batch
 * with an {@link org.neuralop4j.validation.quantize.ActivationCalibrator} (max-abs or percentile range per site),
 * then with an {@link org.neuralop4j.validation.quantize.ActivationFakeQuantizer} holding the calibrated scales.
 */
package org.neuralop4j.validation.quantize;

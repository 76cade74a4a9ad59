/**
 * Triplet training of the descriptor on DJL's PyTorch engine (Gordo et al.): the R-MAC head as a network
 * (region vectors, shift + projection initialised from PCA-whitening, L2, sum, L2) trained on region vectors of
 * the frozen ONNX backbone ({@link io.sightline.trainer.training.TrainingLevel#HEAD}), or end to end through the
 * float TorchScript backbone ({@link io.sightline.trainer.training.TrainingLevel#BACKBONE}); three streams share
 * the weights, negatives are the hardest under the current model, re-mined every epoch. The result is a model
 * bundle the pipeline serves unchanged. {@link io.sightline.trainer.training.Trainer} is the entry point for the
 * CLI and for a future trainer service.
 */
package io.sightline.trainer.training;

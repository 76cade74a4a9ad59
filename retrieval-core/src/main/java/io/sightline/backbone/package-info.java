/**
 * CNN backbones that turn an RGB image into named feature maps. {@link io.sightline.backbone.OnnxBackbone}
 * runs an ONNX file through DJL's ONNX Runtime engine (the default, frozen int8 backbone);
 * {@link io.sightline.backbone.TorchScriptBackbone} runs TorchScript (a backbone fine-tuned by the trainer) through
 * DJL's PyTorch engine, which must then be on the class path. Pooling happens in plain Java on the returned arrays
 * because ORT's NDManager implements few operators, and so both engines feed the same heads.
 * {@link io.sightline.backbone.InferenceDevice} picks the CPU or a CUDA GPU for the ONNX backbone, falling back to
 * the CPU when no GPU is usable.
 */
package io.sightline.backbone;

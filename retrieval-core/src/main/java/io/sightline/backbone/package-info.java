/**
 * CNN backbones that turn an RGB image into named feature maps. {@link io.sightline.backbone.OnnxBackbone}
 * runs an ONNX file through DJL's ONNX Runtime engine; pooling happens in plain Java on the returned arrays
 * because ORT's NDManager implements few operators.
 */
package io.sightline.backbone;

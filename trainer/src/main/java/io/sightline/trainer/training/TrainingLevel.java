package io.sightline.trainer.training;

/** What triplet training updates. */
public enum TrainingLevel {
    /** The R-MAC head's shift and projection, on region vectors of the frozen ONNX backbone. */
    HEAD,
    /** The float TorchScript backbone and the head, end to end. */
    BACKBONE
}

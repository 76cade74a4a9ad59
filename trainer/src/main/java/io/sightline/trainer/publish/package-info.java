/**
 * Publishing a model bundle on {@code models.published}: the event every running node reacts to by building a new
 * index generation (docs/decisions/013). Used by {@code ./sightline publish-model} and by the trainer service.
 */
package io.sightline.trainer.publish;

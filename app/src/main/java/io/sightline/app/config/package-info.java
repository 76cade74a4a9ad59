/** Sightline's configuration: every key, its default and its documentation ({@link io.sightline.app.config.SightlineConfig}). */
package io.sightline.app.config;

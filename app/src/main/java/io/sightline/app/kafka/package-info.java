/** Running Kafka for the single-JVM demo: an embedded KRaft broker and topic creation. */
package io.sightline.app.kafka;

package io.sightline.eval;

/** The AP of one query. */
public record QueryResult(String name, double ap) {}

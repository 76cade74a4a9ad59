package io.sightline.registry;

/**
 * The Confluent Schema Registry error codes this project produces or reacts to. The code is the HTTP
 * status followed by two digits, or the bare status when Confluent has no finer code (409).
 */
public enum RegistryError {
    SUBJECT_NOT_FOUND(404, 40401),
    VERSION_NOT_FOUND(404, 40402),
    SCHEMA_NOT_FOUND(404, 40403),
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
    INCOMPATIBLE_SCHEMA(409, 409),
    INVALID_SCHEMA(422, 42201),
    INVALID_VERSION(422, 42202),
    INVALID_COMPATIBILITY_LEVEL(422, 42203),
    STORE_ERROR(500, 50001);

    private final int httpStatus;
    private final int errorCode;

    RegistryError(int httpStatus, int errorCode) {
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    public RegistryException exception(String message) {
        return new RegistryException(httpStatus, errorCode, message);
    }

    public boolean matches(RegistryException e) {
        return e.errorCode() == errorCode;
    }
}

package io.sightline.search;

import java.util.UUID;
import java.util.regex.Pattern;

/** Image ids as the API accepts them: what upstream apps use as Kafka keys, without anything URL-hostile. */
public final class ImageIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~:-]{1,200}");

    private ImageIds() {}

    /** @throws ApiProblem 400 for an id outside {@code [A-Za-z0-9._~:-]{1,200}} */
    public static String require(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw ApiProblem.badRequest(
                    "invalid-image-id",
                    "Image ids are 1-200 characters of letters, digits, " + "'.', '_', '~', ':' and '-'");
        }
        return id;
    }

    static String generate() {
        return UUID.randomUUID().toString();
    }

    static String thumbnailUrl(String id) {
        return "/v1/images/" + id + "/thumbnail";
    }
}

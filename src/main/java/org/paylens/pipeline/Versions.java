package org.paylens.pipeline;

/** The paylens version, from the jar's manifest ("dev" when run from classes). */
public final class Versions {
    private Versions() {
    }

    public static String paylens() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}

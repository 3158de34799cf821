package org.paylens.spark;

import java.util.regex.Pattern;

/** Tells a Hadoop URI (hdfs://nn/out, s3a://bucket/x.yaml, file:///data) from a path on this machine. */
public final class HadoopLocations {
    /** scheme://… or file:/… as Java and Hadoop write local URIs; two letters at least, so never a drive letter. */
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:/.*");

    private HadoopLocations() {
    }

    public static boolean isUri(String location) {
        return URI.matcher(location).matches();
    }
}

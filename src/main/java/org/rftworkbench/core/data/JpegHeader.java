package org.rftworkbench.core.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a JPEG's markers up to the first scan say, read straight from the file's bytes: the frame (SOF) type, each
 * component's id and sampling factors, whether JFIF and Adobe APP14 markers are present, and where the embedded ICC
 * profile segments are. {@link ImageDecoding} uses it to route the rare files that ImageIO's default decode does not
 * decode like Pillow (CMYK/YCCK, ICC profiles, 4:4:0 chroma on a libjpeg 6b runtime, colour spaces ImageIO guesses
 * otherwise) to a raw-raster path, without
 * slowing down the common baseline/progressive YCbCr path: the scan hops from marker to marker over the header
 * (typically a handful of segments) and reads no entropy-coded data.
 *
 * <p>The colour-space rules are libjpeg's (and so Pillow's): a JFIF marker means YCbCr for three components; else an
 * Adobe marker's transform decides (0: RGB/CMYK, 1: YCbCr, 2: YCCK); else component ids 'R','G','B' mean RGB;
 * four components without an Adobe marker are CMYK.
 *
 * <p>Immutable; thread-safe.
 *
 * @param sofMarker      the frame marker's second byte (0xC0 baseline, 0xC2 progressive, 0xC9-0xCB and 0xCD-0xCF
 *                       arithmetic-coded)
 * @param componentIds   the component ids in frame order
 * @param hSampling      horizontal sampling factor per component
 * @param vSampling      vertical sampling factor per component
 * @param jfif           whether a JFIF APP0 marker (at least 14 data bytes, as libjpeg requires) precedes the scan
 * @param adobeTransform the Adobe APP14 marker's transform byte, or -1 when there is none
 * @param iccSegments    offsets in the file of each APP2 "ICC_PROFILE" identifier
 */
record JpegHeader(int sofMarker, int[] componentIds, int[] hSampling, int[] vSampling, boolean jfif,
        int adobeTransform, int[] iccSegments) {

    /** The JPEG colour spaces libjpeg distinguishes by default (jdapimin.c's default_decompress_parms). */
    enum ColourSpace { GREY, YCBCR, RGB, CMYK, YCCK, OTHER }

    private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ICC_IGNORED = "ICC_IGNORED\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JFIF_ID = "JFIF\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADOBE_ID = "Adobe".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads the markers of {@code bytes} up to the first scan.
     *
     * @return the header, or null when the bytes do not start like a JPEG or its markers before the first scan are
     *         malformed (ImageIO then decodes or reports the file as before)
     */
    static JpegHeader scan(byte[] bytes) {
        if (bytes.length < 4 || (bytes[0] & 0xFF) != 0xFF || (bytes[1] & 0xFF) != 0xD8) {
            return null;
        }
        int sof = -1;
        int[] ids = null;
        int[] h = null;
        int[] v = null;
        boolean jfif = false;
        int adobe = -1;
        int[] icc = new int[0];
        int pos = 2;
        while (true) {
            if (pos + 1 >= bytes.length || (bytes[pos] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = bytes[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                pos += 2; // markers without a length
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            if (pos + 3 >= bytes.length) {
                return null;
            }
            int length = u16(bytes, pos + 2);
            int body = pos + 4;
            int bodyLength = length - 2;
            if (length < 2 || body + bodyLength > bytes.length) {
                return null;
            }
            if (isFrame(marker) && sof < 0) {
                if (bodyLength < 6) {
                    return null;
                }
                int n = bytes[body + 5] & 0xFF;
                if (n < 1 || bodyLength < 6 + 3 * n) {
                    return null;
                }
                sof = marker;
                ids = new int[n];
                h = new int[n];
                v = new int[n];
                for (int c = 0; c < n; c++) {
                    ids[c] = bytes[body + 6 + 3 * c] & 0xFF;
                    h[c] = (bytes[body + 7 + 3 * c] & 0xFF) >> 4;
                    v[c] = bytes[body + 7 + 3 * c] & 0x0F;
                }
            } else if (marker == 0xE0 && bodyLength >= 14 && startsWith(bytes, body, JFIF_ID)) {
                jfif = true;
            } else if (marker == 0xE2 && bodyLength >= ICC_ID.length && startsWith(bytes, body, ICC_ID)) {
                icc = Arrays.copyOf(icc, icc.length + 1);
                icc[icc.length - 1] = body;
            } else if (marker == 0xEE && bodyLength >= 12 && startsWith(bytes, body, ADOBE_ID)) {
                adobe = bytes[body + 11] & 0xFF;
            }
            pos = body + bodyLength;
        }
        return sof < 0 ? null : new JpegHeader(sof, ids, h, v, jfif, adobe, icc);
    }

    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }

    int components() {
        return componentIds.length;
    }

    /** Whether the frame is arithmetic-coded (SOF9-11, SOF13-15), which the libjpeg 6b of most JDKs cannot decode. */
    boolean arithmetic() {
        return sofMarker >= 0xC9 && sofMarker != 0xCC;
    }

    boolean hasIccProfile() {
        return iccSegments.length > 0;
    }

    /** The colour space libjpeg (and so Pillow) assumes for the encoded components. */
    ColourSpace colourSpace() {
        switch (components()) {
            case 1:
                return ColourSpace.GREY;
            case 3:
                if (jfif) {
                    return ColourSpace.YCBCR;
                }
                if (adobeTransform >= 0) {
                    return adobeTransform == 0 ? ColourSpace.RGB : ColourSpace.YCBCR;
                }
                return componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B'
                        ? ColourSpace.RGB : ColourSpace.YCBCR;
            case 4:
                return adobeTransform < 0 || adobeTransform == 0 ? ColourSpace.CMYK : ColourSpace.YCCK;
            default:
                return ColourSpace.OTHER;
        }
    }

    /**
     * Whether ImageIO may take this three-component file for another colour space than libjpeg does (libjpeg says
     * YCbCr): the JDK's reader treats an Adobe marker with a transform other than 1 as unknown (no conversion), and,
     * without JFIF and EXIF markers, component ids other than 1, 2, 3 with equal sampling factors as RGB. Such files
     * are decoded through the raw raster (the EXIF and sampling conditions are not checked: the raw path is exact
     * either way, only a little slower).
     */
    boolean imageIoMayMisreadColourSpace() {
        if (components() != 3 || colourSpace() != ColourSpace.YCBCR) {
            return false;
        }
        boolean standardIds = componentIds[0] == 1 && componentIds[1] == 2 && componentIds[2] == 3;
        return (adobeTransform >= 0 && adobeTransform != 1) || (!jfif && !standardIds);
    }

    /**
     * Whether component {@code c} is upsampled 1:2 vertically and not horizontally (the chroma of 4:4:0 files):
     * libjpeg-turbo (Pillow) uses a triangle filter there, libjpeg 6b (bundled with most JDKs) repeats each row.
     */
    boolean verticalOnlyUpsampled(int c) {
        int maxH = 1;
        int maxV = 1;
        for (int i = 0; i < components(); i++) {
            maxH = Math.max(maxH, hSampling[i]);
            maxV = Math.max(maxV, vSampling[i]);
        }
        return hSampling[c] == maxH && vSampling[c] * 2 == maxV;
    }

    /** Whether any component is {@link #verticalOnlyUpsampled(int) vertically-only upsampled}. */
    boolean anyVerticalOnlyUpsampled() {
        for (int c = 0; c < components(); c++) {
            if (verticalOnlyUpsampled(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renames every embedded ICC profile segment of {@code bytes} (which must be the array this header was scanned
     * from, and owned by the caller) so that ImageIO no longer sees a profile: ImageIO would convert the pixels from
     * the profile to sRGB (or fail on profiles it cannot parse), while Pillow's {@code convert("RGB")} ignores
     * profiles. The segment's length is unchanged; only its 12-byte identifier becomes "ICC_IGNORED".
     */
    void hideIccProfiles(byte[] bytes) {
        for (int at : iccSegments) {
            System.arraycopy(ICC_IGNORED, 0, bytes, at, ICC_IGNORED.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JpegHeader other && sofMarker == other.sofMarker && jfif == other.jfif
                && adobeTransform == other.adobeTransform && Arrays.equals(componentIds, other.componentIds)
                && Arrays.equals(hSampling, other.hSampling) && Arrays.equals(vSampling, other.vSampling)
                && Arrays.equals(iccSegments, other.iccSegments);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(componentIds) + Arrays.hashCode(iccSegments) + sofMarker;
    }

    @Override
    public String toString() {
        return "JpegHeader[sof=0x" + Integer.toHexString(sofMarker) + ", ids=" + Arrays.toString(componentIds)
                + ", h=" + Arrays.toString(hSampling) + ", v=" + Arrays.toString(vSampling) + ", jfif=" + jfif
                + ", adobe=" + adobeTransform + ", icc=" + iccSegments.length + "]";
    }
}

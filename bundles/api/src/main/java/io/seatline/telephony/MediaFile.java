package io.seatline.telephony;

import java.nio.file.Path;

/** A stored audio file to stream (recordings, voicemails, prompts): where it is, its size and a download name. */
public record MediaFile(Path path, long size, String fileName) {
}

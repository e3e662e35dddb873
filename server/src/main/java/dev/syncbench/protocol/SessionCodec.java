package dev.syncbench.protocol;

import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.RecordValue;
import java.io.IOException;

/** Connection-level messages: AUTH*, PING/PONG (all flat) and ERROR (payload-wrapped). */
final class SessionCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String PAYLOAD = "payload";

    private SessionCodec() {
    }

    static Auth readAuth(FrameReader in, int size) throws IOException, ProtocolException {
        String token = null;
        Long protocolVersion = null;
        String deviceToken = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "token" -> token = in.string(STRICT, "", "token");
                case "protocolVersion" ->
                        protocolVersion = in.optionalUint(STRICT, "", "protocolVersion", FrameReader.U32_MAX);
                case "deviceToken" -> deviceToken = in.string(STRICT, "", "deviceToken");
                default -> in.skip();
            }
        }
        if (token == null) {
            STRICT.missing("", "token");
        }
        return new Auth(token, protocolVersion, deviceToken);
    }

    static void writeAuth(FrameWriter out, Auth m) throws IOException {
        out.beginFlat(Auth.TYPE, 1 + present(m.protocolVersion()) + present(m.deviceToken()));
        out.field("token", m.token());
        out.optional("protocolVersion", m.protocolVersion());
        out.optional("deviceToken", m.deviceToken());
    }

    static AuthRequired readAuthRequired(FrameReader in, int size) throws IOException, ProtocolException {
        String reason = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("reason")) {
                reason = in.string(STRICT, "", "reason");
            } else {
                in.skip();
            }
        }
        return new AuthRequired(reason);
    }

    static void writeAuthRequired(FrameWriter out, AuthRequired m) throws IOException {
        out.beginFlat(AuthRequired.TYPE, present(m.reason()));
        out.optional("reason", m.reason());
    }

    static AuthAck readAuthAck(FrameReader in, int size) throws IOException, ProtocolException {
        String userId = null;
        Long protocolVersion = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "userId" -> userId = in.string(STRICT, "", "userId");
                case "protocolVersion" ->
                        protocolVersion = in.optionalUint(STRICT, "", "protocolVersion", FrameReader.U32_MAX);
                default -> in.skip();
            }
        }
        return new AuthAck(userId, protocolVersion);
    }

    static void writeAuthAck(FrameWriter out, AuthAck m) throws IOException {
        out.beginFlat(AuthAck.TYPE, present(m.userId()) + present(m.protocolVersion()));
        out.optional("userId", m.userId());
        out.optional("protocolVersion", m.protocolVersion());
    }

    static AuthFail readAuthFail(FrameReader in, int size) throws IOException, ProtocolException {
        String error = null;
        Long code = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "error" -> error = in.string(STRICT, "", "error");
                case "code" -> code = in.optionalUint(STRICT, "", "code", FrameReader.INT_MAX);
                default -> in.skip();
            }
        }
        if (error == null) {
            STRICT.missing("", "error");
        }
        return new AuthFail(error, code == null ? null : code.intValue());
    }

    static void writeAuthFail(FrameWriter out, AuthFail m) throws IOException {
        out.beginFlat(AuthFail.TYPE, 1 + present(m.code()));
        out.field("error", m.error());
        if (m.code() != null) {
            out.field("code", m.code());
        }
    }

    static Ping readPing(FrameReader in, int size) throws IOException, ProtocolException {
        long timestamp = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("timestamp")) {
                timestamp = in.uint(STRICT, "", "timestamp", FrameReader.U64_MAX);
            } else {
                in.skip();
            }
        }
        if (timestamp == FrameReader.ABSENT) {
            STRICT.missing("", "timestamp");
        }
        return new Ping(timestamp);
    }

    static void writePing(FrameWriter out, Ping m) throws IOException {
        out.beginFlat(Ping.TYPE, 1);
        out.field("timestamp", m.timestamp());
    }

    static Pong readPong(FrameReader in, int size) throws IOException, ProtocolException {
        long timestamp = FrameReader.ABSENT;
        long serverTime = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "timestamp" -> timestamp = in.uint(STRICT, "", "timestamp", FrameReader.U64_MAX);
                case "serverTime" -> serverTime = in.uint(STRICT, "", "serverTime", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        if (timestamp == FrameReader.ABSENT) {
            STRICT.missing("", "timestamp");
        }
        if (serverTime == FrameReader.ABSENT) {
            STRICT.missing("", "serverTime");
        }
        return new Pong(timestamp, serverTime);
    }

    static void writePong(FrameWriter out, Pong m) throws IOException {
        out.beginFlat(Pong.TYPE, 2);
        out.field("timestamp", m.timestamp());
        out.field("serverTime", m.serverTime());
    }

    static ErrorMessage readError(FrameReader in, int size) throws IOException, ProtocolException {
        long code = FrameReader.ABSENT;
        String message = null;
        RecordValue details = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "code" -> code = in.uint(STRICT, PAYLOAD, "code", FrameReader.INT_MAX);
                case "message" -> message = in.string(STRICT, PAYLOAD, "message");
                case "details" -> details = in.rawOrNull(STRICT, PAYLOAD, "details");
                default -> in.skip();
            }
        }
        if (code == FrameReader.ABSENT) {
            STRICT.missing(PAYLOAD, "code");
        }
        if (message == null) {
            STRICT.missing(PAYLOAD, "message");
        }
        return new ErrorMessage((int) code, message, details);
    }

    static void writeError(FrameWriter out, ErrorMessage m) throws IOException {
        out.beginPayload(ErrorMessage.TYPE, 2 + present(m.details()));
        out.field("code", m.code());
        out.field("message", m.message());
        if (m.details() != null) {
            out.key("details");
            out.raw(m.details());
        }
    }
}

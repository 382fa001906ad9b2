package dev.autopool.agent;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Where the runtime jar is extracted: {@code ${java.io.tmpdir}/autopool-<user>/}, created with mode 700 and used
 * only while it is a real directory (not a symbolic link, which is never followed), owned by this user, with no
 * permission for anyone else. Otherwise another local user could have planted the jar every class of this JVM
 * trusts, or could swap it: the agent then says why in one line and uses a fresh private temporary directory
 * instead (the app keeps its agent; only that rare path pays for {@code createTempDirectory}'s random name).
 */
final class RuntimeJarDirectory {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private RuntimeJarDirectory() {}

    /** The per-user directory, checked, or a private temporary one (after one warning line). */
    static Path forThisUser() throws IOException {
        return in(Path.of(System.getProperty("java.io.tmpdir")), System.getProperty("user.name", ""));
    }

    /** {@link #forThisUser()} under {@code tmp} for {@code user}. */
    static Path in(Path tmp, String user) throws IOException {
        Path dir = tmp.resolve("autopool-" + fileNamePart(user));
        String problem;
        try {
            problem = claim(dir, user, Pids.uid());
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            problem = dir + " cannot be used (" + e + ")";
        }
        if (problem == null) {
            return dir;
        }
        EarlyLog.warning("autopool AGENT will not extract the runtime jar to " + problem + "; using a private "
                + "temporary directory instead. Remove " + dir + ", or make it a directory of your own with mode 700,"
                + " to use the per-user directory again.");
        return privateDirectory(tmp);
    }

    /**
     * Creates {@code dir} if it is missing; returns null when it is safe to use, else why not. The owner is
     * compared by uid when {@code uid} is known (a container user with no name resolves no principal), else as
     * the principal named {@code user}.
     */
    static String claim(Path dir, String user, Integer uid) throws IOException {
        boolean posix = posix(dir.getParent() == null ? dir : dir.getParent());
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // checked below like a new one: whoever made it, it must be ours alone
        }
        BasicFileAttributes attributes = posix
                ? Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                : Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return dir + ", a symbolic link";
        }
        if (!attributes.isDirectory()) {
            return dir + ", which is not a directory";
        }
        UserPrincipal owner = posix ? ((PosixFileAttributes) attributes).owner()
                : Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        if (!ownedBy(dir, owner, user, uid)) {
            return dir + ", owned by " + owner.getName() + ", not by " + user;
        }
        if (posix) {
            Set<PosixFilePermission> permissions = ((PosixFileAttributes) attributes).permissions();
            if (!permissions.equals(OWNER_ONLY)) {
                return dir + ", whose permissions are " + PosixFilePermissions.toString(permissions)
                        + ", not rwx------";
            }
        }
        return null;
    }

    private static boolean ownedBy(Path dir, UserPrincipal owner, String user, Integer uid) throws IOException {
        if (uid != null) {
            try {
                return uid.equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // no unix view: compare principals below
            }
        }
        try {
            return owner.equals(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A fresh directory only this process knows, removed at exit once the jar in it is gone. */
    static Path privateDirectory(Path tmp) throws IOException {
        Path dir = posix(tmp)
                ? Files.createTempDirectory(tmp, "autopool-", asAttribute(OWNER_ONLY))
                : Files.createTempDirectory(tmp, "autopool-");
        // Registered before the jar's, so it is deleted after it (deleteOnExit runs in reverse order).
        dir.toFile().deleteOnExit();
        return dir;
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> asAttribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }

    /** The user name as a safe file-name part: letters, digits, {@code . _ -}; anything else becomes {@code _}. */
    static String fileNamePart(String user) {
        if (user.isEmpty() || user.equals(".") || user.equals("..")) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder(user.length());
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            sb.append(plain ? c : '_');
        }
        return sb.toString();
    }
}

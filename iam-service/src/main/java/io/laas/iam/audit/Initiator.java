package io.laas.iam.audit;

/** Who made a change and from where: what every change passes down so its audit event can name both. */
public record Initiator(Actor actor, RequestSource source) {

    public static final Initiator BOOTSTRAP = new Initiator(Actor.BOOTSTRAP, RequestSource.NONE);

    /** A person acting without a token (signing up, signing in, accepting an invitation). */
    public static Initiator person(java.util.UUID userId, String email, RequestSource source) {
        return new Initiator(new Actor(Actor.PERSON, userId == null ? null : userId.toString(), email), source);
    }
}

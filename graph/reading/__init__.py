"""Reading: an act's text (Adilet export or kazakhstan-law directory, or a redaction in git history) → the ``Act`` model. Pure functions of the input; nothing here touches a store."""

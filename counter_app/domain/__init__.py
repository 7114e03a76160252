"""Pure rules of the KTP-el counter: no Qt, no database."""

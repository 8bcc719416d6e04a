"""The IMT knowledgebase: schema, loading and validation, matching, tiering."""
